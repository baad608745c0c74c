/**
 * The mark a tab leaves in storage shared by the tabs (`localStorage`) before it sends a refresh token, so that a tab
 * that gets the refresh lock next does not send its own copy of that token. Only a refresh reads or writes it: part
 * of the chunk loaded on demand (`sessionFlows.ts`).
 */

import { isJSONObject, type JSONObject, parseJSONObject } from '../protocol/json.js';
import { isTimestamp } from './sessionStore.js';
import { readItem, removeItem, STORAGE_VERSION, type StorageLike, storageKey, writeItem } from './storage.js';

/**
 * How many other sign-ins keep their last mark beside the newest one: the user signed in again that many times while
 * a tab holding the first one was away (in the back-forward cache), which is already a lot.
 */
const OTHER_SIGN_INS_KEPT = 3;
/** Longer stored marks are not read (a few hundred characters each). */
const MAX_MARKS_LENGTH = 4096;

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
 * reached it yet. The last marks of up to {@link OTHER_SIGN_INS_KEPT} other sign-ins are kept beside it: once the
 * user signed in again, a tab that still holds a sign-in before (in the back-forward cache meanwhile) must find what
 * was spent of it, though the tabs refresh the new one. `false` when the storage refused it (full).
 */
export function markRefreshSpent(shared: StorageLike, clientId: string, mark: SpentRefreshMark): boolean {
  return writeMarks(shared, clientId, mark, otherSignInMarks(shared, clientId, mark.sid));
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
  else {
    const [next, ...others] = otherSignInMarks(shared, clientId, mark.sid);
    if (next === undefined || !writeMarks(shared, clientId, next, others))
      removeItem(shared, storageKey('spent', clientId));
  }
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
  return readMarks(shared, clientId).find((mark) => mark.sid === sid) ?? null;
}

/** The last marks left for other sign-ins than `sid`, newest first, up to {@link OTHER_SIGN_INS_KEPT}. */
function otherSignInMarks(shared: StorageLike, clientId: string, sid: string): SpentRefreshMark[] {
  return readMarks(shared, clientId)
    .filter((mark) => mark.sid !== sid)
    .slice(0, OTHER_SIGN_INS_KEPT);
}

/**
 * Stores `last` and, beside it, as many of `others` (the last marks of other sign-ins) as a reader reads: a longer
 * record would read as no mark at all, and the marks it held with it. `false` when the storage refused, or when
 * `last` alone is too long to be read (a session copy with an outsized `sid`): the record stored stays.
 */
function writeMarks(
  shared: StorageLike,
  clientId: string,
  last: SpentRefreshMark,
  others: readonly SpentRefreshMark[],
): boolean {
  for (let kept = others.length; kept >= 0; kept -= 1) {
    const stored = { v: STORAGE_VERSION, ...last, ...(kept === 0 ? {} : { others: others.slice(0, kept) }) };
    const text = JSON.stringify(stored);
    if (text.length <= MAX_MARKS_LENGTH) return writeItem(shared, storageKey('spent', clientId), text);
  }
  return false;
}

/** The stored marks, newest first: the last one written, then those of other sign-ins (earlier releases: one). */
function readMarks(shared: StorageLike, clientId: string): SpentRefreshMark[] {
  const raw = readItem(shared, storageKey('spent', clientId));
  if (raw === null || raw.length > MAX_MARKS_LENGTH) return [];
  const value = parseJSONObject(raw);
  if (value === undefined || value.v !== STORAGE_VERSION) return [];
  const last = parseMark(value);
  if (last === null) return [];
  const marks = [last];
  const others = Array.isArray(value.others) ? value.others.slice(0, OTHER_SIGN_INS_KEPT) : [];
  for (const other of others) {
    const mark = isJSONObject(other) ? parseMark(other) : null;
    if (mark !== null && marks.every(({ sid }) => sid !== mark.sid)) marks.push(mark);
  }
  return marks;
}

/** One mark as stored, or `null` when it is not one. */
function parseMark(value: JSONObject): SpentRefreshMark | null {
  const { sid, generation, by, answered, attempt } = value;
  if (typeof sid !== 'string' || !isTimestamp(generation) || typeof by !== 'string') return null;
  return {
    sid,
    generation,
    by,
    ...(typeof answered === 'boolean' ? { answered } : {}),
    ...(typeof attempt === 'string' ? { attempt } : {}),
  };
}
