/**
 * How a tab waits for the session another tab is refreshing from the same refresh token (that tab's spent mark,
 * `spentRefreshMark.ts`): it asks the tabs, listens, and looks at the mark every second, for as long as each of that
 * tab's attempts may take. Part of the session's chunk.
 */

import { REQUEST_TIMEOUT_MS } from '../protocol/transport.js';
import { sessionQuery } from './endedSignIns.js';
import { generationMovedOn, isSameGeneration } from './sameGeneration.js';
import type { SessionKeeper } from './sessionKeeper.js';
import type { Session } from './sessionStore.js';
import { readRefreshSpent, type SpentRefreshMark } from './spentRefreshMark.js';
import type { StorageLike } from './storage.js';
import type { TabLock } from './tabTypes.js';

/**
 * How long a tab waits for the session another tab refreshed (its refresh token being spent) to reach it: as long
 * as that tab's token request may still answer (it gives up after {@link REQUEST_TIMEOUT_MS}), and a little more.
 * Counted by the tab's own timers: a wall clock that jumped during a sleep says nothing of a request in flight.
 */
export const SPENT_REFRESH_WAIT_MS = REQUEST_TIMEOUT_MS + 3_000;
/** How often a waiting tab looks whether the other tab withdrew its mark (its request got no answer). */
const SPENT_REFRESH_POLL_MS = 1_000;
/**
 * Attempts of the other tab waited for, each for {@link SPENT_REFRESH_WAIT_MS}: one whose request got no answer
 * withdraws its mark and may send again before this tab looked. A mark that keeps changing is not waited on forever.
 */
const ATTEMPTS_WAITED = 3;

/** What waiting on another tab's spent mark needs from the engine. */
export interface SpentWaitHost {
  readonly keeper: SessionKeeper;
  /** Names the stored records (issuer and client). */
  readonly namespace: string;
  readonly tabId: string;
  tabs(): TabLock;
  /**
   * Listens to the other tabs until the returned function is called, whether the engine runs or not. Let go while it
   * is disposed, the link closes, unless its session came from a refresh (`TabLink`: it then answers the tabs).
   */
  hear(): () => void;
  shared(): StorageLike | null;
}

/**
 * The shared mark, when it says another tab sent the refresh token of `current`.
 *
 * @example
 * ```ts
 * if (spentMarkElsewhere(host, session)?.answered === false) console.info('another tab is refreshing');
 * ```
 */
export function spentMarkElsewhere(host: SpentWaitHost, current: Session): SpentRefreshMark | null {
  const shared = host.shared();
  const spent = shared === null ? null : readRefreshSpent(shared, host.namespace, current.sid);
  // Its own mark, answered: this tab sent that refresh token and had Fief's answer, then dropped it for a newer sign-in
  // (a callback page refreshing the session it replaced), and holds that generation again, from a tab that kept it.
  const elsewhere = spent?.by !== host.tabId || spent.answered === true;
  return spent !== null && spent.generation >= current.generation && elsewhere ? spent : null;
}

/**
 * Waits for a session newer than `current` from another tab (asking them for it), until that tab withdraws its
 * mark or its requests can no longer answer. Resolves with the session held after (`current` if none came). The
 * wait holds the link to the other tabs: a dispose meanwhile does not cut it short (the answer may still come).
 *
 * @example
 * ```ts
 * const adopted = await waitForNewerSession(host, session);
 * ```
 */
export async function waitForNewerSession(host: SpentWaitHost, current: Session): Promise<Session | null> {
  const { keeper } = host;
  if (!isSameGeneration(keeper.session, current)) return keeper.session;
  const tabs = host.tabs();
  const movedOn = generationMovedOn(keeper, current);
  const arrived = movedOn.moved.then(() => true);
  // Disposed or not, the engine listens for the answer it waits for.
  const stopHearing = host.hear();
  tabs.post(sessionQuery(keeper.session));
  try {
    let attempt = spentMarkElsewhere(host, current)?.attempt;
    let attempts = 1;
    for (let waited = 0; waited < SPENT_REFRESH_WAIT_MS; waited += SPENT_REFRESH_POLL_MS) {
      const next = await Promise.race([arrived, tabs.sleep(SPENT_REFRESH_POLL_MS).then(() => false)]);
      const mark = next ? null : spentMarkElsewhere(host, current);
      if (mark === null) break;
      if (mark.attempt !== attempt && attempts < ATTEMPTS_WAITED) {
        // Another attempt: its request has the whole time too.
        attempt = mark.attempt;
        attempts += 1;
        waited = -SPENT_REFRESH_POLL_MS;
      }
    }
    return keeper.session;
  } finally {
    movedOn.stop();
    stopHearing();
  }
}

/**
 * Without a spent mark (no storage shared by the tabs, or a full one), only the broadcast tells a tab that another
 * one refreshed. A disposed engine did not hear it, nor one that mounted again a moment ago: before it spends its
 * refresh token, a tab asks the tabs for their session and listens for `ms` (news takes milliseconds). Resolves
 * `true` when the keeper moved on from `current`.
 *
 * @example
 * ```ts
 * const movedOn = await heardNewerSession(host, current, 500); // true: keep keeper.session, no refresh
 * ```
 */
export async function heardNewerSession(host: SpentWaitHost, current: Session, ms: number): Promise<boolean> {
  const { keeper } = host;
  // Moved on already (another tab's session landed while this one's token request was on its way): `movedOn` waits
  // for a change to come, and would hold the caller the whole wait.
  if (!isSameGeneration(keeper.session, current)) return true;
  const stopHearing = host.hear();
  const tabs = host.tabs();
  const movedOn = generationMovedOn(keeper, current);
  tabs.post(sessionQuery(keeper.session));
  try {
    await Promise.race([movedOn.moved, tabs.sleep(ms)]);
  } finally {
    movedOn.stop();
    stopHearing();
  }
  return !isSameGeneration(keeper.session, current);
}
