import type { FiefAuthCallbackResult } from '@fief-spa/core';
import { useEffect, useRef, useState } from 'react';
import { resolveRedirectURI, useFiefContext } from './context.js';

/**
 * Progress of the login callback, as returned by {@link useFiefAuthCallback}: check `status` to narrow it.
 *
 * @example
 * ```ts
 * function describe(state: FiefAuthCallbackState): string {
 *   if (state.status === 'success') return `back to ${state.returnTo}`;
 *   return state.status === 'error' ? state.error.message : 'signing in';
 * }
 * ```
 */
export type FiefAuthCallbackState =
  | { readonly status: 'loading'; readonly error: null; readonly returnTo: null; readonly result: null }
  | {
      readonly status: 'success';
      readonly error: null;
      /** Where the user was before logging in (the `returnTo` given to `redirectToLogin`). */
      readonly returnTo: string;
      readonly result: FiefAuthCallbackResult;
    }
  | {
      readonly status: 'error';
      /** Usually a `FiefAuthCallbackError` (its `reason` says which check failed) or another `FiefError`. */
      readonly error: Error;
      readonly returnTo: null;
      readonly result: null;
    };

const loading: FiefAuthCallbackState = { status: 'loading', error: null, returnTo: null, result: null };

/**
 * Finishes the login on the callback page, once (StrictMode included), for any router: render it on the route
 * of the provider's `redirectURI` and navigate to `returnTo` when `status` is `'success'`.
 * With react-router, `<FiefAuthCallback />` does this for you. Mounted again in the same page while the tab holds the
 * login's tokens, it gives the same `result` object: do once-per-login work only for a `result` not seen before.
 *
 * @example
 * ```tsx
 * import { useFiefAuthCallback } from '@fief-spa/react';
 * import { useEffect } from 'react';
 *
 * function Callback() {
 *   const { status, error, returnTo } = useFiefAuthCallback();
 *   useEffect(() => {
 *     if (returnTo !== null) window.history.replaceState(null, '', returnTo); // or your router's navigate
 *   }, [returnTo]);
 *   return status === 'error' ? <p role="alert">{error.message}</p> : <p>Signing you in…</p>;
 * }
 * ```
 */
export function useFiefAuthCallback(): FiefAuthCallbackState {
  const context = useFiefContext('useFiefAuthCallback');
  const [state, setState] = useState(loading);
  // Survives StrictMode's effect re-run, so both runs wait on the one call.
  const callback = useRef<Promise<FiefAuthCallbackResult> | null>(null);

  useEffect(() => {
    let active = true;
    callback.current ??= context.auth.authCallback(resolveRedirectURI(context));
    callback.current.then(
      (result) => active && setState({ status: 'success', error: null, returnTo: result.returnTo, result }),
      (error: unknown) =>
        active &&
        setState({
          status: 'error',
          error: error instanceof Error ? error : new Error(String(error)),
          returnTo: null,
          result: null,
        }),
    );
    return () => {
      active = false;
    };
  }, [context]);

  return state;
}
