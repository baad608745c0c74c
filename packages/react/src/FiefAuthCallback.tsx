import type { FiefAuthCallbackResult } from '@fief-spa/core';
import { createElement, type ReactNode, useEffect, useRef } from 'react';
import { useHref, useNavigate } from 'react-router';
import { useFiefAuthCallback } from './useFiefAuthCallback.js';

/**
 * Props of {@link FiefAuthCallback}.
 *
 * @example
 * ```tsx
 * const props: FiefAuthCallbackProps = {
 *   onSuccess: ({ userinfo }) => analytics.identify(userinfo.sub),
 *   errorElement: (error) => <LoginFailed error={error} />,
 * };
 * ```
 */
export interface FiefAuthCallbackProps {
  /**
   * Called once the user is signed in, before navigating to `result.returnTo`. Not called when the callback URL had no
   * login to finish (no `state`: a bookmark, Back after the login) and the user was signed in already
   * (`result.alreadySignedIn`): they are taken to `/`.
   */
  onSuccess?: (result: FiefAuthCallbackResult) => void;
  /** Shown while the code is exchanged. Defaults to nothing. */
  loadingElement?: ReactNode;
  /** Shown when the login fails. Defaults to the error's message in a `role="alert"` paragraph. */
  errorElement?: ReactNode | ((error: Error) => ReactNode);
}

/**
 * The react-router element for the callback route (the provider's `redirectURI`): finishes the login exactly once,
 * then navigates (replacing the callback URL) to where the user was before logging in.
 *
 * @example
 * ```tsx
 * import { FiefAuthCallback, RequireAuth } from '@fief-spa/react';
 * import { Route, Routes } from 'react-router';
 *
 * <Routes>
 *   <Route path="/callback" element={<FiefAuthCallback loadingElement={<Spinner />} />} />
 *   <Route path="/*" element={<RequireAuth><App /></RequireAuth>} />
 * </Routes>
 * ```
 */
export function FiefAuthCallback({
  onSuccess,
  loadingElement = null,
  errorElement = defaultErrorElement,
}: FiefAuthCallbackProps): ReactNode {
  const { status, error, result } = useFiefAuthCallback();
  const navigate = useNavigate();
  // The router's basename as a path of the page (`/app`; `/` without one).
  const basename = useHref('/');
  const handled = useRef<FiefAuthCallbackResult | null>(null);

  useEffect(() => {
    // `navigate` changes with the location, `onSuccess` may with every render: never handle one result twice.
    if (!result || handled.current === result) return;
    handled.current = result;
    // A new instance (the callback route again, in-app) is answered with the same login while the tab holds its
    // tokens: it leaves the page again, but it is no new sign-in.
    if (!result.alreadySignedIn && !signedInResults.has(result)) onSuccess?.(result);
    signedInResults.add(result);
    navigate(routerPath(result.returnTo, basename), { replace: true });
  }, [result, navigate, basename, onSuccess]);

  if (status !== 'error') return loadingElement;
  return typeof errorElement === 'function' ? errorElement(error) : errorElement;
}

/** The results some `<FiefAuthCallback>` of the page handled (`onSuccess` was called for each login once). */
const signedInResults = new WeakSet<FiefAuthCallbackResult>();

/**
 * `returnTo` is a path of the page (`/app/orders`, as `<RequireAuth>` and `requireAuthLoader` record it), while
 * `navigate` adds the router's basename itself: under `/app` the route is `/orders`. A path outside the basename
 * (`/`, the default) is left as it is.
 */
function routerPath(returnTo: string, basename: string): string {
  // `''` without a basename; a hash router's `#` never starts a path.
  const base = basename.replace(/\/+$/, '');
  const rest = returnTo.slice(base.length);
  // `/application` is not under `/app`. Never `//host` (what `/app//host` would leave): one slash, a path of the app.
  return base !== '' && returnTo.toLowerCase().startsWith(base.toLowerCase()) && /^([/?#]|$)/.test(rest)
    ? `/${rest.replace(/^[/\\]+/, '')}`
    : returnTo;
}

// `createElement`, not JSX, as in `FiefAuthProvider`: no `react/jsx-runtime` import of its own in the entry.
const defaultErrorElement = (error: Error): ReactNode => createElement('p', { role: 'alert' }, error.message);
