/**
 * Whether a URL is the login's callback: the path of the redirect URI, with an authorization response (`state`, and
 * `code` or `error`) in its query. `<RequireAuth>` and `requireAuthLoader` finish such a login rather than start one.
 *
 * @example
 * ```ts
 * isCallbackURL(new URL(location.href), `${location.origin}/callback`);
 * ```
 */
export function isCallbackURL(url: URL, redirectURI: string): boolean {
  const { searchParams } = url;
  return (
    isCallbackPath(url, redirectURI) &&
    searchParams.has('state') &&
    (searchParams.has('code') || searchParams.has('error'))
  );
}

/**
 * Whether a login started at `url` must return elsewhere (to `/`): `url` is on the callback page (the redirect URI's
 * origin and path, with or without an answer in its query), where `<FiefAuthCallback>` would navigate to the page
 * it is on and stay there. A callback at `/` shares its page with the app's home: the page is kept, as elsewhere.
 *
 * @example
 * ```ts
 * const here = new URL(location.href);
 * const returnTo = leavesCallbackPage(here, `${location.origin}/callback`) ? '/' : here.pathname;
 * ```
 */
export function leavesCallbackPage(url: URL, redirectURI: string): boolean {
  return url.pathname !== '/' && isCallbackPath(url, redirectURI);
}

/** Whether `url` has the redirect URI's origin and path. */
function isCallbackPath(url: URL, redirectURI: string): boolean {
  try {
    const callback = new URL(redirectURI);
    return callback.origin === url.origin && callback.pathname === url.pathname;
  } catch {
    return false;
  }
}
