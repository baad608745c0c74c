import type { FiefAuth, FiefAuthState, RedirectToLoginOptions } from '@fief-spa/core';
import { FiefError } from '@fief-spa/core/engine';
import type { LoaderFunctionArgs } from 'react-router';

/**
 * Options of {@link requireAuthLoader}.
 *
 * @example
 * ```ts
 * import type { RequireAuthLoaderOptions } from '@fief-spa/react';
 * import type { LoaderFunctionArgs } from 'react-router';
 *
 * const options: RequireAuthLoaderOptions<LoaderFunctionArgs, string> = {
 *   loginOptions: { lang: 'fr' },
 *   loader: ({ params }, state) => `${state.userinfo?.email} opens castle ${params.id}`,
 * };
 * ```
 */
export interface RequireAuthLoaderOptions<Args extends LoaderFunctionArgs, Result> {
  /** The redirect URI registered for the client. Default: `/callback` on the request's origin. */
  redirectURI?: string;
  /** Passed to `redirectToLogin` (scope, lang, screen, ...); `returnTo` is always the requested location. */
  loginOptions?: Omit<RedirectToLoginOptions, 'returnTo'>;
  /** The route's own loader, run for a signed-in user only, with the settled state. */
  loader?: (args: Args, state: FiefAuthState) => Result | Promise<Result>;
}

/**
 * A react-router data-router loader that lets only signed-in users through: it waits for `auth.ready()`; for a
 * signed-in user it runs `options.loader` (or resolves with the state); otherwise it starts the login with
 * `returnTo` set to the requested path, search and hash, and never resolves, so the route's element never renders
 * (the page leaves for Fief). A login that cannot start throws a `FiefError`, which the route's `errorElement`
 * receives from `useRouteError()`. A page loaded with the browser's Back or Forward button (after a sign-out,
 * typically) never starts a login by itself: its first run throws a `FiefError` `ERR_FIEF_NOT_AUTHENTICATED`
 * instead, for the `errorElement` to offer a sign-in.
 *
 * @example
 * ```tsx
 * import { FiefAuthCallback, requireAuthLoader } from '@fief-spa/react';
 * import { createBrowserRouter } from 'react-router';
 *
 * const router = createBrowserRouter([
 *   { path: '/callback', element: <FiefAuthCallback /> },
 *   { path: '/account', loader: requireAuthLoader(auth), element: <Account />, errorElement: <LoginFailed /> },
 * ]);
 * ```
 */
export function requireAuthLoader<
  Args extends LoaderFunctionArgs = LoaderFunctionArgs,
  Result = FiefAuthState,
>(auth: FiefAuth, options: RequireAuthLoaderOptions<Args, Result> = {}): (args: Args) => Promise<Result> {
  return async (args) => {
    const state = await auth.ready();
    if (state.status === 'authenticated') {
      return options.loader ? options.loader(args, state) : (state as Result);
    }
    const url = new URL(args.request.url);
    if (loadedByHistory()) {
      // Back after a sign-out would otherwise send the user to log in again, and Back again, forever.
      throw new FiefError('expected a signed-in session, found none', 'ERR_FIEF_NOT_AUTHENTICATED');
    }
    try {
      await auth.redirectToLogin(options.redirectURI ?? `${url.origin}/callback`, {
        ...options.loginOptions,
        returnTo: url.pathname + url.search + (url.hash || pageHash(url)),
      });
    } catch (cause) {
      throw cause instanceof FiefError
        ? cause
        : new FiefError('expected to start the login', 'ERR_FIEF', { cause });
    }
    // The page is leaving for Fief: stay pending so nothing renders, unless the navigation is abandoned.
    return new Promise<never>((_resolve, reject) => {
      const { signal } = args.request;
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  };
}

/** Whether the guard has run for this document's own load yet (later runs are navigations inside the app). */
let documentLoadGuarded = false;

/** Whether this is the guard's run for a document loaded with Back or Forward. */
function loadedByHistory(): boolean {
  if (documentLoadGuarded) return false;
  documentLoadGuarded = true;
  const entry = globalThis.performance?.getEntriesByType?.('navigation')[0] as
    | PerformanceNavigationTiming
    | undefined;
  return entry?.type === 'back_forward';
}

/**
 * A loader's request URL has no fragment: on a full page load (a deep link) the page's own address still has it.
 * A client-side navigation to another path loses its hash (the page is not there yet).
 */
function pageHash(url: URL): string {
  const page = globalThis.location;
  return page !== undefined && page.pathname === url.pathname && page.search === url.search ? page.hash : '';
}
