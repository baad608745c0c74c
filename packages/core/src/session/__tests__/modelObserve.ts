/**
 * The model's check of each change of a tab's snapshot (`ModelWorld.observe`): it never goes back, and never signs
 * out without a reason.
 */

import { loadSession } from '../sessionStore.js';
import { newestOnlyAway } from './modelAway.js';
import { MODEL_CLIENT_ID, MODEL_ISSUER, type ModelFief } from './modelFief.js';
import type { ModelSignIn } from './modelSignIns.js';
import type { ModelTab } from './modelTab.js';

/** What the check reads of the world. */
export interface ObservedWorld {
  readonly fief: ModelFief;
  readonly tabs: readonly ModelTab[];
  readonly violations: string[];
  signOutExplained(signIn?: ModelSignIn): boolean;
}

/**
 * Checks `tab`'s snapshot: the access token it shows never goes back within a sign-in, nor to an older sign-in
 * before the newer one ended (a refusal of its own: a logout ends both); it turns anonymous only when the sign-in it
 * held may have ended.
 */
export function observeTab(world: ObservedWorld, tab: ModelTab): void {
  const state = tab.auth.getSnapshot();
  if (process.env.FIEF_MODEL_TRACE) {
    const { status, tokenInfo, error } = state;
    console.info(`tab ${tab.id}`, Date.now() % 1_000_000, status, tokenInfo?.access_token, error?.code);
  }
  const { signIns, accessTokens } = world.fief;
  const held = tab.heldSignIn;
  const stored = loadSession(tab.storage, `${MODEL_CLIENT_ID}@${MODEL_ISSUER}`, MODEL_CLIENT_ID);
  tab.heldSignIn = accessTokens.get(stored?.tokenInfo.access_token ?? '')?.signIn.index ?? -1;
  const token = state.tokenInfo?.access_token;
  if (token !== undefined) {
    const rank = accessTokens.get(token)?.rank ?? -1;
    const before = signIns.ofRank(tab.lastRank);
    if (rank < tab.lastRank && (signIns.ofRank(rank) === before || !world.signOutExplained(before)))
      world.violations.push(`tab ${tab.id} went back from access token ${tab.lastRank} to ${rank}`);
    if (rank > tab.lastRank) tab.refreshing = false;
    tab.lastRank = Math.max(rank, tab.lastRank);
    tab.wasSignedIn = true;
  } else if (state.status === 'anonymous') {
    tab.refreshing = false;
    // The sign-in it held when last observed (its storage is cleared already), else the one it showed last, or a later
    // one: a tab adopts a newer sign-in without a change of snapshot while it is `loading` (all expired).
    const from = held >= 0 ? held : (signIns.ofRank(tab.lastRank)?.index ?? 0);
    const ended = signIns.all.slice(from).some((signIn) => world.signOutExplained(signIn));
    if (tab.wasSignedIn && !ended && !newestOnlyAway(world.tabs)) {
      world.violations.push(`tab ${tab.id} was signed out with no logout and no refused token`);
    }
  }
}

/**
 * The latest access token `tab` knows of: the one its snapshot showed last, or the one it holds, shown or not (a tab
 * adopts a session while `loading`, expired, or keeps one its refresh failed on): either way it answers the tabs
 * with it (`UnheardSpends.shownSince`).
 */
export function knownRank(fief: ModelFief, tab: ModelTab): number {
  const stored = loadSession(tab.storage, `${MODEL_CLIENT_ID}@${MODEL_ISSUER}`, MODEL_CLIENT_ID);
  return Math.max(tab.lastRank, fief.accessTokens.get(stored?.tokenInfo.access_token ?? '')?.rank ?? -1);
}
