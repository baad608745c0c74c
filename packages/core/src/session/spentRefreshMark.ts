/**
 * The mark a tab leaves in storage shared by the tabs (`localStorage`) before it sends a refresh token, so that a tab
 * that gets the refresh lock next does not send its own copy of that token. Only a refresh reads or writes it: part
 * of the chunk loaded on demand (`sessionFlows.ts`).
 */

import { parseJSONObject } from '../protocol/json.js';
import { isTimestamp } from './sessionStore.js';
import { readItem, removeItem, STORAGE_VERSION, type StorageLike, storageKey, writeItem } from './storage.js';

/** The mark a tab leaves, in storage shared by the tabs, before it sends a refresh token. Holds no token. */
export interface SpentRefreshMark {
  /** The sign-in. */
  readonly sid: string;
  /** The generation whose refresh token is being spent. */
  readonly generation: number;
  /** The tab that spends it. */
  readonly by: string;
  /**
   * `false` while that tab waits for Fief's answer; `true` once it has it and told the other tabs what came of it
   * (the new session, or the end of the sign-in). Absent from the marks of earlier releases: nothing is known.
   */
  readonly answered?: boolean;
  /**
   * Names this attempt of that tab: a tab waiting on the mark tells a new attempt (the first got no answer, withdrew
   * its mark, and sent again) from the one it saw. Absent from the marks of earlier releases.
   */
  readonly attempt?: string;
}

/**
 * Records that a refresh token is being spent. A tab that gets the refresh lock after another one checks the mark
 * before sending its own copy of that refresh token, even if the other tab's broadcast of the new session has not
 * reached it yet. `false` when the storage refused it (full).
 */
export function markRefreshSpent(shared: StorageLike, clientId: string, mark: SpentRefreshMark): boolean {
  return writeItem(shared, storageKey('spent', clientId), JSON.stringify({ v: STORAGE_VERSION, ...mark }));
}

/**
 * Withdraws `mark` if it is still the one stored (the refresh request it announced never reached Fief). The mark
 * goes back to the generation before, whose refresh token was spent to obtain this one: removed, it would let a tab
 * that still holds that generation (stopped while the others refreshed) send its refresh token again.
 */
export function unmarkRefreshSpent(shared: StorageLike, clientId: string, mark: SpentRefreshMark): void {
  if (!isStillMarked(shared, clientId, mark)) return;
  if (mark.generation > 0)
    replaceMark(shared, clientId, { ...mark, generation: mark.generation - 1, answered: true });
  else removeItem(shared, storageKey('spent', clientId));
}

/** Records that the refresh `mark` announced got its answer, told to the other tabs (if the mark is still `mark`). */
export function markRefreshAnswered(shared: StorageLike, clientId: string, mark: SpentRefreshMark): void {
  if (isStillMarked(shared, clientId, mark)) replaceMark(shared, clientId, { ...mark, answered: true });
}

/**
 * Writes `next` over this tab's unanswered mark; removes the mark when the storage refuses it (full). Left as it
 * was, the mark would say this tab went away with Fief's answer, and the next tab would end the sign-in, though this
 * one holds the new session (or a refresh token still good). With no mark, that tab does as without shared storage:
 * it cannot mark either while the storage is full, and asks the tabs before it spends. A removal works on a full one.
 */
function replaceMark(shared: StorageLike, clientId: string, next: SpentRefreshMark): void {
  if (!markRefreshSpent(shared, clientId, next)) removeItem(shared, storageKey('spent', clientId));
}

/** Whether the stored mark is still `mark` (same generation, same tab): no other tab's news replaced it. */
function isStillMarked(shared: StorageLike, clientId: string, mark: SpentRefreshMark): boolean {
  const stored = readRefreshSpent(shared, clientId, mark.sid);
  return stored?.generation === mark.generation && stored.by === mark.by && stored.attempt === mark.attempt;
}

/** The last mark left for sign-in `sid`, or `null`. */
export function readRefreshSpent(
  shared: StorageLike,
  clientId: string,
  sid: string,
): SpentRefreshMark | null {
  const raw = readItem(shared, storageKey('spent', clientId));
  if (raw === null || raw.length > 1024) return null;
  const value = parseJSONObject(raw);
  if (value === undefined || value.v !== STORAGE_VERSION || value.sid !== sid) return null;
  const { generation, by, answered, attempt } = value;
  if (!isTimestamp(generation) || typeof by !== 'string') return null;
  return {
    sid,
    generation,
    by,
    ...(typeof answered === 'boolean' ? { answered } : {}),
    ...(typeof attempt === 'string' ? { attempt } : {}),
  };
}
