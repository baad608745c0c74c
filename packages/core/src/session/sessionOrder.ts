/**
 * The one order of session versions, the same in every tab: sign-in first (the later `createdAt` wins, ties broken
 * by `sid`), then generation (refresh tokens spent: a later generation always wins within one sign-in), then
 * revision (user-info changes within one generation). Pure: no storage, no clock of its own.
 *
 * Only the engine (the session chunk, loaded on demand) orders sessions: nothing the entry chunk runs may import this
 * file, or its code and the kit slots that hand it to the chunk come back into the entry (`claimsFuture`, which the
 * entry needs, lives in `sessionState.ts` for that reason).
 */

import type { Session } from './sessionStore.js';

/** The fields that place a session version in the order. */
export type SessionVersion = Pick<Session, 'sid' | 'createdAt' | 'generation' | 'revision'>;

/**
 * Negative when `a` is older than `b`, positive when newer, `0` for the same version.
 *
 * @example
 * ```ts
 * compareSessions({ ...session, generation: 2, revision: 0 }, { ...session, generation: 1, revision: 5 }); // > 0
 * ```
 */
export function compareSessions(a: SessionVersion, b: SessionVersion): number {
  if (a.sid !== b.sid) {
    if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
    return a.sid > b.sid ? 1 : -1;
  }
  if (a.generation !== b.generation) return a.generation - b.generation;
  return a.revision - b.revision;
}

/** Whether `candidate` is newer than `current` (anything is newer than no session). */
export function isNewerSession(candidate: SessionVersion, current: SessionVersion | null): boolean {
  return current === null || compareSessions(candidate, current) > 0;
}

/**
 * The session a refresh produces, applied to the latest copy of its sign-in rather than to the one it started from:
 * user info that changed while the request was on its way (a user API answer, here or in another tab) is kept, and
 * the new tokens are the next generation of what the refresh spent. `null` when `latest` moved on to another
 * sign-in or a later generation (someone else's result is newer: keep it).
 *
 * @param started - The session whose refresh token was sent.
 * @param refreshed - The session built from Fief's answer (`started`'s next generation).
 * @param latest - The session the engine holds now.
 *
 * @example
 * ```ts
 * const next = mergeRefresh(started, refreshed, engine.session) ?? engine.session;
 * ```
 */
export function mergeRefresh(started: Session, refreshed: Session, latest: Session | null): Session | null {
  if (latest === null || latest.sid !== started.sid) return refreshed;
  if (latest.generation > started.generation) return null;
  if (latest.revision <= started.revision) return refreshed;
  // User info changed meanwhile: the later answer about the user is the user API's, not the refreshed ID token's.
  return {
    ...refreshed,
    userinfo: latest.userinfo,
    revision: Math.max(refreshed.revision, latest.revision + 1),
  };
}
