import type { FiefAuth, FiefAuthState, RedirectToLoginOptions } from '@fief-spa/core';
import { FiefError } from '@fief-spa/core/engine';
import type { LoaderFunctionArgs } from 'react-router';
import { isCallbackURL, leavesCallbackPage } from './callbackPage.js';
import { notAuthenticated, onPageRestored } from './pageRestored.js';

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
 * typically) never starts a login by itself: its guards for that load throw a `FiefError`
 * `ERR_FIEF_NOT_AUTHENTICATED` instead, for the `errorElement` to offer a sign-in; a link followed later logs in.
 * So does a guard run again on the page it showed a signed-in user, once the session ended (a sign-out through a
 * route action, which makes react-router load the page again): a login then would sign the user straight back in;
 * and a guard still waiting for the page to leave (for Fief's login, or for the logout that kept its login from
 * navigating) when the page comes back from the back-forward cache.
 * On the callback page (a guarded layout holding the callback route) it finishes the login instead of starting one.
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
    // Before waiting: the guard's first run decides which request is the page's own load, signed in or not.
    const byHistory = loadedByHistory(args.request);
    const url = new URL(args.request.url);
    const redirectURI = options.redirectURI ?? `${url.origin}/callback`;
    let state = await auth.ready();
    // The callback route under this guard (the whole app guarded): the login comes back to this page. Finish it here,
    // or the guard would start another login, which would come back here, and so on. `<FiefAuthCallback>` below
    // gets the same result. A failed callback throws its `FiefAuthCallbackError`.
    if (state.status !== 'authenticated' && isPageAddress(url) && isCallbackURL(url, redirectURI)) {
      await auth.authCallback(redirectURI);
      state = auth.getSnapshot();
    }
    if (state.status === 'authenticated') return passed(auth, args, state);
    const { signal } = args.request;
    // The user went elsewhere while the session loaded: that page is theirs, not Fief's login page.
    if (signal.aborted) throw signal.reason;
    // Back after a sign-out would otherwise send the user to log in again, and Back again, forever. The page a
    // signed-in user was shown, loaded again (after a sign-out through an action, or in another tab): a login now
    // would race logout()'s navigation to Fief and sign the user straight back in.
    if (byHistory || (signedInHere.has(auth) && isPageAddress(url))) {
      throw notAuthenticated();
    }
    try {
      await auth.redirectToLogin(redirectURI, {
        ...options.loginOptions,
        // Not back to the callback page (a reload after a failed callback): `<FiefAuthCallback>` would stay on it.
        returnTo: leavesCallbackPage(url, redirectURI)
          ? '/'
          : url.pathname + url.search + (url.hash || pageHash(url)),
      });
    } catch (cause) {
      throw cause instanceof FiefError
        ? cause
        : new FiefError('expected to start the login', 'ERR_FIEF', { cause });
    }
    // The page is leaving for Fief: stay pending so nothing renders, unless the navigation is abandoned, or the page
    // comes back from the back-forward cache (Back from Fief's page, or after the sign-out that skipped this login):
    // then as a page loaded with Back, not a login again (`pageRestored.ts`); unless the user is signed in by then
    // (in another tab meanwhile: the engine adopts the session when the page is restored), then the page shows.
    return new Promise<Result>((resolve, reject) => {
      const settle = (then: () => void) => {
        stop();
        signal.removeEventListener('abort', abandoned);
        then();
      };
      const abandoned = () => settle(() => reject(signal.reason));
      // After every listener of the restore: the engine's (rebuilt since the guard started) may hear it after this.
      const stop = onPageRestored(() =>
        setTimeout(() => {
          if (signal.aborted) return;
          const restored = auth.getSnapshot();
          settle(() =>
            restored.status === 'authenticated'
              ? resolve(passed(auth, args, restored))
              : reject(notAuthenticated()),
          );
        }),
      );
      signal.addEventListener('abort', abandoned, { once: true });
    });
  };

  /** What the guard resolves with for a signed-in user. */
  function passed(auth: FiefAuth, args: Args, state: FiefAuthState): Result | Promise<Result> {
    signedInHere.add(auth);
    return options.loader ? options.loader(args, state) : (state as Result);
  }
}

/** The engines whose guard let a signed-in user through in this page. */
const signedInHere = new WeakSet<FiefAuth>();

/**
 * The request of the document's own load when the document was loaded with Back or Forward (`null`: it was not, or
 * its load ran no guard), once the guard's first run has decided it. Every loader of that load (a guarded layout
 * and its guarded child run at once) gets the same request; a navigation inside the app gets a request of its own.
 */
let historyLoad: Request | null | undefined;

/** Whether `request` is the load of a document loaded with Back or Forward. */
function loadedByHistory(request: Request): boolean {
  if (historyLoad === undefined) {
    const entry = globalThis.performance?.getEntriesByType?.('navigation')[0] as
      | PerformanceNavigationTiming
      | undefined;
    // The page's own load asks for the page's address; the first guard run of a link from a public page does not.
    historyLoad = entry?.type === 'back_forward' && isPageAddress(new URL(request.url)) ? request : null;
  }
  return historyLoad === request;
}

/** Whether `url` is the page's address (fragment aside: a request has none). */
function isPageAddress(url: URL): boolean {
  const page = globalThis.location;
  return page !== undefined && page.pathname === url.pathname && page.search === url.search;
}

/**
 * A loader's request URL has no fragment: on a full page load (a deep link) the page's own address still has it.
 * A client-side navigation to another path loses its hash (the page is not there yet).
 */
function pageHash(url: URL): string {
  return isPageAddress(url) ? globalThis.location.hash : '';
}
