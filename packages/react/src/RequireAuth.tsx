import type { RedirectToLoginOptions } from '@fief-spa/core';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { resolveRedirectURI, useFiefContext, useFiefSelector } from './context.js';

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
  /** Passed to `redirectToLogin` (scope, lang, screen, ...); `returnTo` is always the current location. */
  loginOptions?: Omit<RedirectToLoginOptions, 'returnTo'>;
  children?: ReactNode;
}

/**
 * Renders its children only for a signed-in user. While the session loads it renders `fallback`; a user without a
 * session (status `'anonymous'` or `'error'`) is sent to login with `returnTo` set to the current `window.location`
 * (path, search and hash), so the callback brings them back here. Works with any router.
 *
 * @example
 * ```tsx
 * <Route path="/account" element={<RequireAuth fallback={<Spinner />}><Account /></RequireAuth>} />
 * ```
 */
export function RequireAuth({ fallback = null, loginOptions, children }: RequireAuthProps): ReactNode {
  const context = useFiefContext('RequireAuth');
  const status = useFiefSelector('RequireAuth', (state) => state.status);
  const [error, setError] = useState<unknown>(null);
  // One redirect per signed-out spell, even when StrictMode runs the effect twice.
  const redirected = useRef(false);
  const loginOptionsRef = useRef(loginOptions);
  loginOptionsRef.current = loginOptions;

  useEffect(() => {
    // 'error' is no session too (the last attempt to get one failed): logging in is the way out.
    if (status !== 'anonymous' && status !== 'error') {
      redirected.current = false;
      return;
    }
    if (redirected.current) return;
    redirected.current = true;
    const { pathname, search, hash } = window.location;
    context.auth
      .redirectToLogin(resolveRedirectURI(context), {
        lang: context.lang,
        ...loginOptionsRef.current,
        returnTo: pathname + search + hash,
      })
      .catch(setError);
  }, [status, context]);

  if (error) throw error; // a failed redirect, for the nearest error boundary
  return status === 'authenticated' ? children : fallback;
}
