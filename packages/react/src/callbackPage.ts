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
  let callback: URL;
  try {
    callback = new URL(redirectURI);
  } catch {
    return false;
  }
  const { searchParams } = url;
  return (
    callback.origin === url.origin &&
    callback.pathname === url.pathname &&
    searchParams.has('state') &&
    (searchParams.has('code') || searchParams.has('error'))
  );
}
