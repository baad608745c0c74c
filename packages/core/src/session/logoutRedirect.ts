/**
 * Where the page goes to sign out, once Fief answered: part of the session's chunk (loaded when the engine starts,
 * long before a click; a page that only renders never needs it). A Fief that does not answer keeps the page where it
 * is, with the error to say so, rather than on the browser's "This site can't be reached" page.
 */

import type { EngineSettings } from './engineSettings.js';
import { probeReachability } from './identityReachability.js';

/**
 * Returns Fief's logout URL for `redirectURI` once Fief answered (the sign-out went out to the other tabs before).
 *
 * @throws `FiefError` `ERR_FIEF_UNREACHABLE` when Fief did not answer.
 *
 * @example
 * ```ts
 * departure.toLogout(await logoutURL(settings, 'https://app.example/'));
 * ```
 */
export async function logoutURL(settings: EngineSettings, redirectURI: string): Promise<string> {
  const unreachable = await probeReachability(settings.fief.baseURL);
  if (unreachable !== null) throw unreachable;
  return settings.fief.getLogoutURL({ redirectURI });
}
