/**
 * What `FiefAuth.logout` runs, in the session's chunk: the session ends here and in every other tab first, whatever
 * follows; then the page leaves for Fief's logout URL, once Fief answered (`logoutRedirect.ts`).
 */
import type { EngineSettings } from './engineSettings.js';
import { logoutURL } from './logoutRedirect.js';
import type { PageDeparture } from './pageDeparture.js';
import type { SessionKeeper } from './sessionKeeper.js';

/**
 * Ends the session everywhere, then navigates to Fief's logout URL for `redirectURI`.
 *
 * @throws `FiefError` `ERR_FIEF_UNREACHABLE` when Fief did not answer; the session is ended all the same.
 *
 * @example
 * ```ts
 * await signOutAndLeave(settings, keeper, departure, 'https://app.example/');
 * ```
 */
export async function signOutAndLeave(
  settings: EngineSettings,
  keeper: SessionKeeper,
  departure: PageDeparture,
  redirectURI: string,
): Promise<void> {
  keeper.signOut();
  await leave(settings, departure, redirectURI);
}

/**
 * Navigates to Fief's logout URL for `redirectURI` once Fief answered; the session ended already. A login started
 * after it does not navigate over it (`pageDeparture.ts`).
 *
 * @throws `FiefError` `ERR_FIEF_UNREACHABLE` when Fief did not answer.
 */
export async function leave(
  settings: EngineSettings,
  departure: PageDeparture,
  redirectURI: string,
): Promise<void> {
  departure.toLogout(await logoutURL(settings, redirectURI));
}
