/**
 * Whether two sessions are one generation of one sign-in: the question a refresh asks of the session it started from
 * (did another tab refresh it meanwhile, did the sign-in end). Part of the session's chunk, with the refresh; not in
 * `sessionOrder.ts`, whose code the entry chunk holds.
 */

import type { Session } from './sessionStore.js';

/**
 * Whether `a` is the same generation of the same sign-in as `b` (a refresh moves the generation; a user-info change,
 * the revision only). No session is never the same.
 *
 * @example
 * ```ts
 * if (!isSameGeneration(keeper.session, intended)) return keeper.session; // another tab refreshed it meanwhile
 * ```
 */
export function isSameGeneration(
  a: Pick<Session, 'sid' | 'generation'> | null,
  b: Pick<Session, 'sid' | 'generation'>,
): boolean {
  return a !== null && a.sid === b.sid && a.generation === b.generation;
}
