/**
 * What the page shows of its session before the engine's chunk arrived, and after: the session this tab holds, its
 * status and error, the immutable snapshot and its listeners. Part of the entry chunk, so that a signed-in reload
 * renders from storage at once; the engine (`sessionKeeper.ts`, in the chunk loaded on demand) changes it, and is
 * the only one that does once it is there.
 */

import type { FiefError } from '../protocol/errors.js';
import { type FiefAuthState, LOADING_STATE, nextAuthState } from './authState.js';
import type { FiefLogger } from './logEvents.js';
import { isSessionValid, readLoggedOutAt, removeSession, type Session } from './sessionStore.js';
import type { StorageLike } from './storage.js';

/** How far in the future a stored or broadcast session may claim to have been created or refreshed. */
export const SESSION_CLOCK_TOLERANCE_MS = 60_000;

/** Where the session is kept, and the marks that refuse one. */
export interface SessionStateContext {
  /** Where this tab keeps its session. */
  readonly storage: StorageLike;
  /** Names this engine's records (issuer and client). */
  readonly namespace: string;
  /** Storage every tab sees (`localStorage`, the logout mark), or `null`. */
  shared(): StorageLike | null;
  now(): number;
  readonly log: FiefLogger;
}

/** The session of one engine, its status and snapshot, and who is told when they change. */
export class SessionState {
  readonly #context: SessionStateContext;
  readonly #listeners = new Set<() => void>();
  /** Waiters of a settled status (`getAccessToken` while `loading`). */
  readonly #settleWaiters = new Set<() => void>();
  /** Sign-ins that ended here, with the last generation that ended: a late copy of one is not adopted again. */
  readonly ended = new Map<string, number>();
  /**
   * When the user last signed out in this tab, or `-1`: the logout mark where no storage is shared by the tabs (a tab
   * that signed out while it waited for the others' answer must not adopt the answer).
   */
  loggedOutAt = -1;
  session: Session | null;
  status: FiefAuthState['status'];
  error: FiefError | null = null;
  /**
   * When the snapshot's `userinfo`/`tokenInfo` are equal to the next ones (it then keeps its own). Identity until the
   * engine arrives: before it, the session is only read or ended, its objects never replaced; the engine, which
   * replaces them with copies that may be equal in value (a refresh, another tab's), sets value equality.
   */
  equal: (a: unknown, b: unknown) => boolean = Object.is;
  #state: FiefAuthState = LOADING_STATE;

  /**
   * The state of the session read from storage, `stored`. One that can never be used again (expired without a
   * refresh token; signed out since; claiming a time to come) is removed from storage.
   */
  constructor(context: SessionStateContext, stored: Session | null) {
    this.#context = context;
    const now = context.now();
    let session = stored;
    if (
      session !== null &&
      ((!isSessionValid(session, now) && session.refreshToken === null) || this.refusedByMarks(session))
    ) {
      removeSession(context.storage, context.namespace);
      session = null;
    }
    this.session = session;
    // A valid stored session is known at once, with no request; anything else is found out by `start()`.
    this.status = session !== null && isSessionValid(session, now) ? 'authenticated' : 'loading';
    context.log({ type: 'session.read', found: session !== null, status: this.status });
    // The first snapshot, from the loading state: nothing waits or listens yet.
    this.emit();
  }

  get snapshot(): FiefAuthState {
    return this.#state;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Resolves once the status is no longer `loading` (or at once). */
  settled(): Promise<void> {
    if (this.status !== 'loading') return Promise.resolve();
    return new Promise((resolve) => this.#settleWaiters.add(resolve));
  }

  /** Releases every waiter of {@link settled} (the engine stops). */
  releaseSettleWaiters(): void {
    for (const resolve of this.#settleWaiters) resolve();
    this.#settleWaiters.clear();
  }

  /**
   * Whether `session` must never be used, whatever this engine saw: a sign-in created at or before the last logout
   * (a tab closed before it and restored after it holds one in its `sessionStorage`), or one that claims a time in
   * the future (it would outrank every later login and outlive the logout mark).
   *
   * @param now - The time a claimed time must not pass; `Infinity` asks for the sign-outs alone.
   */
  refusedByMarks(session: Session, now = this.#context.now()): boolean {
    const shared = this.#context.shared();
    return (
      session.createdAt <= this.loggedOutAt ||
      (shared !== null && session.createdAt <= readLoggedOutAt(shared, this.#context.namespace)) ||
      claimsFuture(session, now, SESSION_CLOCK_TOLERANCE_MS)
    );
  }

  /**
   * Ends the session, here only: another tab signed out (its mark) before this page's engine arrived, or a logout
   * whose engine did not load. The engine, once there, tells the other tabs.
   */
  endHere(): void {
    if (this.session !== null) this.ended.set(this.session.sid, Infinity);
    this.session = null;
    removeSession(this.#context.storage, this.#context.namespace);
    this.status = 'anonymous';
    this.error = null;
    this.emit();
  }

  /** With no session while `loading` (nothing stored, no tab answered): settles on anonymous. */
  settleAnonymous(): void {
    if (this.session !== null || this.status !== 'loading') return;
    this.status = 'anonymous';
    this.emit();
  }

  /** Sets the status and error (a failed callback or refresh) and tells the listeners. */
  fail(error: FiefError, status: FiefAuthState['status']): void {
    this.error = error;
    this.status = status;
    this.emit();
  }

  /** Rebuilds the snapshot; listeners are told only when a value changed. */
  emit(): void {
    const next = nextAuthState(this.#state, this.#composeState(), this.equal);
    if (next.status !== 'loading') this.releaseSettleWaiters();
    if (next === this.#state) return;
    this.#state = next;
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch (error) {
        // An app's listener that throws must not stop the engine midway (a refresh, a sign-out): reported as an
        // event listener's error is, and the next listeners still run.
        if (typeof reportError === 'function') reportError(error);
        else console.error(error);
      }
    }
  }

  #composeState(): FiefAuthState {
    const session = this.status === 'authenticated' ? this.session : null;
    return {
      status: this.status,
      userinfo: session?.userinfo ?? null,
      tokenInfo: session?.tokenInfo ?? null,
      error: this.error,
    };
  }
}

/**
 * Whether `session` claims a time in the future (beyond `toleranceMs`): a forged or corrupted copy that would
 * otherwise outrank every later login and outlive the logout mark.
 *
 * @example
 * ```ts
 * claimsFuture(session, Date.now(), 60_000); // true when createdAt or obtainedAt is more than a minute ahead
 * ```
 */
export function claimsFuture(
  session: Pick<Session, 'createdAt' | 'obtainedAt'>,
  now: number,
  toleranceMs: number,
): boolean {
  return session.createdAt > now + toleranceMs || session.obtainedAt > now + toleranceMs;
}
