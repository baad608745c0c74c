/**
 * When a session is due for a refresh: a pure function of the session, in the entry chunk so that
 * `getAccessToken()` knows without loading the refresh code whether it needs it.
 */

import type { Session } from './sessionStore.js';

/**
 * When the session should be refreshed: `marginMs` before its access token expires, but never earlier than half its
 * lifetime (a token that lives less than twice the margin would otherwise be refreshed in a loop), and never within
 * {@link MIN_REFRESH_INTERVAL_MS} of the previous refresh (a server handing out tokens that are already expired must
 * not be hammered).
 *
 * @example
 * ```ts
 * refreshDueAt(session, 30_000); // expires_at - 30 s for a 1 h token; expires_at - 1.5 s for a 3 s token
 * ```
 */
export function refreshDueAt(session: Session, marginMs: number): number {
  const lifetime = Math.max(0, session.tokenInfo.expires_at - session.obtainedAt);
  const dueAt = session.tokenInfo.expires_at - Math.min(marginMs, lifetime / 2);
  return Math.max(dueAt, session.obtainedAt + MIN_REFRESH_INTERVAL_MS);
}

/** The shortest time between two refreshes of one session. */
export const MIN_REFRESH_INTERVAL_MS = 1_000;

/** Whether `session` is due for a refresh at `now`. */
export function isRefreshDue(session: Session, now: number, marginMs: number): boolean {
  return session.refreshToken !== null && now >= refreshDueAt(session, marginMs);
}
