/**
 * What `FiefAuth.logout` runs: the session ends here and in every other tab first, whatever follows; then the page
 * leaves for Fief's logout URL, once Fief answered. A Fief that does not answer leaves the page where it is, with
 * the error to say so, rather than on the browser's "This site can't be reached" page.
 */
import type { EngineSettings } from './engineSettings.js';
import { probeReachability, REACHABILITY_TIMEOUT_MS } from './identityReachability.js';
import type { LazyTabLink } from './lazyTabLink.js';
import type { SessionKeeper } from './sessionKeeper.js';

/**
 * Ends the session everywhere, then navigates to Fief's logout URL for `redirectURI`.
 *
 * @throws `FiefError` `ERR_FIEF_UNREACHABLE` when Fief did not answer; the session is ended all the same.
 *
 * @example
 * ```ts
 * await signOutAndLeave(settings, keeper, link, 'https://app.example/');
 * ```
 */
export async function signOutAndLeave(
  settings: EngineSettings,
  keeper: SessionKeeper,
  link: Pick<LazyTabLink, 'delivered'>,
  redirectURI: string,
): Promise<void> {
  keeper.signOut();
  // The sign-out goes out to the other tabs before the page leaves (its link may still be loading), while Fief is
  // asked whether it answers.
  const [unreachable] = await Promise.all([
    probeReachability(settings.fief.baseURL),
    link.delivered(REACHABILITY_TIMEOUT_MS),
  ]);
  if (unreachable !== null) throw unreachable;
  settings.navigate(await settings.fief.getLogoutURL({ redirectURI }));
}
