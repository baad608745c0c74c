import type { FiefAuthStatus, FiefError } from '@fief-spa/core';
import { useRef } from 'react';
import { useFiefSelector } from './context.js';

/**
 * Where the session stands, as returned by {@link useFiefSession}.
 *
 * @example
 * ```ts
 * const session: FiefSession = { status: 'loading', isLoading: true, error: null };
 * ```
 */
export interface FiefSession {
  /** `'loading'` until the stored session has been read (and refreshed if needed). */
  readonly status: FiefAuthStatus;
  /** `status === 'loading'`. */
  readonly isLoading: boolean;
  /**
   * What went wrong last, whatever the `status`: why there is no session (`'error'`), why a login could not start
   * (the `status` stays), or why the session will not be refreshed (`ERR_FIEF_CHUNK_LOAD`: still `'authenticated'`
   * until the access token expires). `null` when nothing did.
   */
  readonly error: FiefError | null;
}

/**
 * The session's `status`, `isLoading` and `error`. The object keeps its identity until one of them changes.
 *
 * @example
 * ```tsx
 * import { useFiefSession } from '@fief-spa/react';
 * import { Routes } from 'react-router';
 *
 * function App() {
 *   const { isLoading, error } = useFiefSession();
 *   if (isLoading) return <Spinner />;
 *   if (error) return <p role="alert">{error.message}</p>;
 *   return <Routes />;
 * }
 * ```
 */
export function useFiefSession(): FiefSession {
  const last = useRef<FiefSession | null>(null);
  // One subscription; the object is made again only when `status` or `error` changed.
  return useFiefSelector('useFiefSession', ({ status, error }) => {
    const previous = last.current;
    if (previous?.status === status && previous.error === error) return previous;
    last.current = { status, isLoading: status === 'loading', error };
    return last.current;
  });
}
