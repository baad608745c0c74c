import type { RedirectToLoginOptions } from '@fief-spa/core';
import { FiefError } from '@fief-spa/core/engine';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { isCallbackURL, leavesCallbackPage } from './callbackPage.js';
import { resolveRedirectURI, useFiefContext, useFiefSelector } from './context.js';
import { notAuthenticated, onPageRestored } from './pageRestored.js';
import { guardMounted, restoredAfterSignedIn, showedSignedIn } from './signedInPage.js';

/**
 * Props of {@link RequireAuth}.
 *
 * @example
 * ```tsx
 * const props: RequireAuthProps = { fallback: <Spinner />, loginOptions: { screen: 'register', lang: 'fr' } };
 * ```
 */
export interface RequireAuthProps {
  /** Rendered instead of the children until the user is known to be signed in. Defaults to nothing. */
  fallback?: ReactNode;
  /**
   * Rendered, instead of a redirect to login, when a session ends while this component is mounted (signed out
   * here or in another tab), or when Back mounts it again: the page came back from the back-forward cache without a
   * session after a guard had shown the signed-in user, and this is among the first guards to mount since, at the
   * address the page came back at (the app unmounted its guarded routes while the page left for the logout). A guard
   * mounting later is a new visit and logs in. Defaults to `fallback`. Bouncing the user to the login page at that
   * moment would sign them straight back in while Fief is still ending its own session, and would race `logout()`'s
   * navigation.
   */
  signedOut?: ReactNode;
  /**
   * Rendered when the login cannot start (Fief unreachable, discovery refused), or when the page comes back from the
   * back-forward cache to the login this component started (`ERR_FIEF_NOT_AUTHENTICATED`): the typed error, and
   * `retry` to log in again. Defaults to a `role="alert"` message with a "Try again" button. Never thrown to an error
   * boundary.
   */
  loginError?: (error: FiefError, retry: () => void) => ReactNode;
  /** Passed to `redirectToLogin` (scope, lang, screen, ...); `returnTo` is always the current location. */
  loginOptions?: Omit<RedirectToLoginOptions, 'returnTo'>;
  children?: ReactNode;
}

/**
 * Renders its children only for a signed-in user. While the session loads it renders `fallback`; a user who arrives
 * without a session (status `'anonymous'` or `'error'`) is sent to login with `returnTo` set to the current
 * `window.location` (path, search and hash), so the callback brings them back here. A session that ends while the
 * children are shown renders `signedOut` instead, with no redirect; so do the first guards mounted again, at the
 * same address, on a page back from the back-forward cache without a session that showed the signed-in user (Back
 * after a sign-out; a later visit logs in). A login that cannot start renders `loginError` (and
 * `useFiefSession().error` holds the error). So does a page back from the back-forward cache to the login this
 * component started, still without a session: with `ERR_FIEF_NOT_AUTHENTICATED`, and `retry` starting the login (it
 * is not started again by itself: Back would only return to it). Works with any router.
 *
 * @example
 * ```tsx
 * import { RequireAuth } from '@fief-spa/react';
 * import { Route } from 'react-router';
 *
 * <Route path="/account" element={<RequireAuth fallback={<Spinner />}><Account /></RequireAuth>} />
 * ```
 */
export function RequireAuth({
  fallback = null,
  signedOut = fallback,
  loginError = defaultLoginError,
  loginOptions,
  children,
}: RequireAuthProps): ReactNode {
  const context = useFiefContext('RequireAuth');
  const status = useFiefSelector('RequireAuth', (state) => state.status);
  const [error, setError] = useState<FiefError | null>(null);
  /** Bumped by `retry`: the effect runs again and starts a new login. */
  const [attempt, setAttempt] = useState(0);
  // Mounted again by the restore of a page back from the back-forward cache that showed the signed-in user (the app
  // unmounted its guarded routes while the page left for the logout): the session ended while shown, as for a guard
  // left mounted. Mounted later (a link followed), it is a new visit: `signedInPage.ts` tells which.
  const [hadSession, setHadSession] = useState(() => restoredAfterSignedIn(context.auth));
  if (status === 'authenticated' && !hadSession) setHadSession(true);
  // Signed in another way (another tab, a late refresh): the failed login is no longer the news.
  if (status === 'authenticated' && error !== null) setError(null);
  const sessionEnded = hadSession && status !== 'authenticated' && status !== 'loading';
  // One redirect per signed-out spell, even when StrictMode runs the effect twice.
  const redirected = useRef(false);
  // Whether what it started waits for the page to leave (a login), not a callback, which settles by itself.
  const leaving = useRef(false);
  const loginOptionsRef = useRef(loginOptions);
  loginOptionsRef.current = loginOptions;

  useEffect(() => {
    // 'error' is no session too (the last attempt to get one failed): logging in is the way out.
    if (status !== 'anonymous' && status !== 'error') {
      redirected.current = false;
      return;
    }
    if (redirected.current || sessionEnded) return;
    redirected.current = true;
    const redirectURI = resolveRedirectURI(context);
    const page = new URL(window.location.href);
    // The callback page inside this component (the whole app wrapped): the login comes back here. Finish it (once:
    // "Try again" starts a new login), or another login would come back here, and so on. `<FiefAuthCallback>` below
    // gets the same result. A login started there (the callback failed and its answer left the URL, or a reload)
    // returns to `/`: back on the callback page, `<FiefAuthCallback>` would stay on it.
    const callback = isCallbackURL(page, redirectURI) && attempt === 0;
    leaving.current = !callback;
    const started = callback
      ? context.auth.authCallback(redirectURI).then(() => {})
      : context.auth.redirectToLogin(redirectURI, {
          lang: context.lang,
          ...loginOptionsRef.current,
          returnTo: leavesCallbackPage(page, redirectURI) ? '/' : page.pathname + page.search + page.hash,
        });
    started.catch((cause: unknown) =>
      setError(
        cause instanceof FiefError
          ? cause
          : new FiefError('expected to start the login', 'ERR_FIEF', { cause }),
      ),
    );
  }, [status, sessionEnded, context, attempt]);

  // After every guard of this commit read it: a guard mounting later is a new visit, not the restore's.
  useEffect(() => guardMounted(context.auth), [context]);

  useEffect(() => {
    if (status === 'authenticated') showedSignedIn(context.auth);
  }, [status, context]);

  // Back from the back-forward cache to the login it started (or that the page's sign-out kept from navigating):
  // offer the login rather than start it again (Back would send the user to Fief again, and again), nor wait forever.
  useEffect(() => {
    if (status === 'anonymous' || status === 'error')
      return onPageRestored(() => {
        if (redirected.current && leaving.current) setError(notAuthenticated());
      });
  }, [status]);

  if (error) {
    return loginError(error, () => {
      redirected.current = false;
      setError(null);
      setAttempt((count) => count + 1);
    });
  }
  if (sessionEnded) return signedOut;
  return status === 'authenticated' ? children : fallback;
}

function defaultLoginError(error: FiefError, retry: () => void): ReactNode {
  return (
    <div role="alert">
      <p>Sign-in could not start: {error.message}</p>
      <button type="button" onClick={retry}>
        Try again
      </button>
    </div>
  );
}
