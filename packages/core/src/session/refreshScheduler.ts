/**
 * When to refresh, and the one timer that does it. The engine decides what a refresh is; this file only decides
 * when, and owns the timer so that `dispose()` has one thing to cancel.
 */

import type { Session } from './sessionStore.js';

/** `setTimeout` cannot wait longer than this (about 24.8 days); longer waits are done in steps. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

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

/**
 * One timer that calls `onDue` at a given time, with how late it fired (ms: a machine that slept fires late);
 * scheduling again replaces the previous time.
 */
export class RefreshScheduler {
  readonly #onDue: (lateMs: number) => void;
  readonly #clock: () => number;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(onDue: (lateMs: number) => void, clock: () => number) {
    this.#onDue = onDue;
    this.#clock = clock;
  }

  /** Whether a call is scheduled. */
  get scheduled(): boolean {
    return this.#timer !== null;
  }

  /** Calls `onDue` at `at` (ms since the epoch), or as soon as possible when `at` is past. */
  schedule(at: number): void {
    this.cancel();
    const delay = Math.max(0, at - this.#clock());
    const wait = Math.min(delay, MAX_TIMEOUT_MS);
    const firesAt = this.#clock() + wait;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (delay > MAX_TIMEOUT_MS) this.schedule(at);
      else this.#onDue(Math.max(0, this.#clock() - firesAt));
    }, wait);
  }

  /** Cancels the scheduled call, if any. */
  cancel(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
