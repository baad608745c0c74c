/**
 * What `FiefAuth.logout` runs: the session ends here and in every other tab first, whatever follows; then the page
 * leaves for Fief's logout URL, once Fief answered (`logoutRedirect.ts`, in the session's lazy chunk).
 */
import { rejectChunkLoad } from '../protocol/errors.js';
import type { EngineSettings } from './engineSettings.js';
import type { LazyTabLink } from './lazyTabLink.js';
import { loadSessionFlows } from './loadSessionFlows.js';
import type { SessionKeeper } from './sessionKeeper.js';

/**
 * Ends the session everywhere, then navigates to Fief's logout URL for `redirectURI`.
 *
 * @throws `FiefError` `ERR_FIEF_UNREACHABLE` when Fief did not answer, `ERR_FIEF_CHUNK_LOAD` when the code that
 *   leaves could not load (offline since the page loaded, or removed by a deploy); the session is ended all the same.
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
  const flows = await loadSessionFlows().catch(rejectChunkLoad);
  settings.navigate(await flows.logoutURL(settings, link, redirectURI));
}
