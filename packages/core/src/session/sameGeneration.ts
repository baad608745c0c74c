/**
 * Whether two sessions are one generation of one sign-in: the question a refresh asks of the session it started from
 * (did another tab refresh it meanwhile, did the sign-in end). Part of the session's chunk, with the refresh; not in
 * `sessionOrder.ts`, whose code the entry chunk holds.
 */

import type { SessionKeeper } from './sessionKeeper.js';
import type { Session } from './sessionStore.js';

/**
 * Whether `a` is the same generation of the same sign-in as `b` (a refresh moves the generation; a user-info change,
 * the revision only). No session is never the same.
 *
 * @example
 * ```ts
 * const refreshedElsewhere = !isSameGeneration(keeper.session, intended); // another tab refreshed it meanwhile
 * ```
 */
export function isSameGeneration(
  a: Pick<Session, 'sid' | 'generation'> | null,
  b: Pick<Session, 'sid' | 'generation'>,
): boolean {
  return a !== null && a.sid === b.sid && a.generation === b.generation;
}

/**
 * Resolves once `keeper`'s session is no longer the generation of `from`: another tab's refresh adopted, or the
 * sign-in ended. A new revision of the same generation (a user-info answer) is not moving on: its access token is
 * the one an API may just have refused. A new generation or an ended session changes the snapshot (its token, its
 * status), so the keeper's listeners hear it. Call `stop` when done waiting.
 *
 * @example
 * ```ts
 * const movedOn = generationMovedOn(keeper, intended);
 * try { await Promise.race([movedOn.moved, tabs.sleep(500)]); } finally { movedOn.stop(); }
 * ```
 */
export function generationMovedOn(
  keeper: Pick<SessionKeeper, 'session' | 'subscribe'>,
  from: Session,
): { moved: Promise<void>; stop: () => void } {
  let stop = (): void => {};
  const moved = new Promise<void>((resolve) => {
    stop = keeper.subscribe(() => {
      if (!isSameGeneration(keeper.session, from)) resolve();
    });
  });
  return { moved, stop };
}
