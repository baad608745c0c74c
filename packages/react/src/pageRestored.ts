/**
 * The page back from the back-forward cache, for the guards: a guard that started a login (or whose login was skipped
 * while the page left for Fief's logout) waits for the page to leave, and nothing would end that wait once the user
 * comes back with Back. Starting the login again then would bring back the Back-button loop (Back from Fief's page,
 * sent to it again); the guard fails instead, as a page loaded with Back does (`requireAuthLoader`).
 */
import { FiefError } from '@fief-spa/core/engine';

/**
 * Calls `then` each time the page is restored from the back-forward cache; returns what stops listening. Without a
 * `window` (a loader run in Node), nothing is ever restored.
 *
 * @example
 * ```ts
 * const stop = onPageRestored(() => console.log('back'));
 * stop();
 * ```
 */
export function onPageRestored(then: () => void): () => void {
  const listener = (event: PageTransitionEvent): void => {
    if (event.persisted) then();
  };
  const page = globalThis.window as Window | undefined;
  page?.addEventListener('pageshow', listener);
  return () => page?.removeEventListener('pageshow', listener);
}

/** The guards' error for a page without a session that must not start a login by itself. */
export function notAuthenticated(): FiefError {
  return new FiefError('expected a signed-in session, found none', 'ERR_FIEF_NOT_AUTHENTICATED');
}
