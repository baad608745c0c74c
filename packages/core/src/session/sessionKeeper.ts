/**
 * The engine's state and the one place it changes: which session this tab holds, its status and error, the
 * immutable snapshot, and who is told. Every transition (a session adopted, a sign-in ended, an error) goes through
 * here, so that ordering and refusals are decided once and the snapshot is rebuilt in one place.
 */

import { FiefError } from '../protocol/errors.js';
import { malformedResponse } from '../protocol/http.js';
import type { FiefUserInfo } from '../protocol/types.js';
import { type FiefAuthState, LOADING_STATE, nextAuthState } from './authState.js';
import type { FiefLogger } from './logEvents.js';
import { claimsFuture, isNewerSession } from './sessionOrder.js';
import {
  isSessionValid,
  markLoggedOut,
  parseSession,
  readLoggedOutAt,
  type Session,
  saveSession,
} from './sessionStore.js';
import type { StorageLike } from './storage.js';
import type { TabMessage } from './tabTypes.js';

/** How far in the future a stored or broadcast session may claim to have been created or refreshed. */
export const SESSION_CLOCK_TOLERANCE_MS = 60_000;

/** What the keeper needs from the engine around it. */
export interface SessionKeeperContext {
  /** Where this tab keeps its session. */
  readonly storage: StorageLike;
  /** Names this engine's records (issuer and client). */
  readonly namespace: string;
  /** The client the stored sessions must be for. */
  readonly clientId: string;
  /** Storage every tab sees (`localStorage`), or `null`. */
  shared(): StorageLike | null;
  now(): number;
  /** Tells the other tabs (nothing when the engine is not started). */
  post(message: TabMessage): void;
  /** Called after a session was adopted: refresh or schedule. */
  onSession(): void;
  /** Called when the session ends: cancel the timer. */
  onEnd(): void;
  readonly log: FiefLogger;
}

/** The status and snapshot of one engine, and the sessions it adopts or refuses. */
export class SessionKeeper {
  readonly #context: SessionKeeperContext;
  readonly #listeners = new Set<() => void>();
  /** Waiters of a settled status (`getAccessToken` while `loading`). */
  readonly #settleWaiters = new Set<() => void>();
  /** Waiters of any change of session (a tab waiting for another tab's refresh). */
  readonly #sessionWaiters = new Set<() => void>();
  /** Sign-ins that ended here, with the last generation that ended: a late copy of one is not adopted again. */
  readonly #ended = new Map<string, number>();
  session: Session | null;
  status: FiefAuthState['status'];
  error: FiefError | null = null;
  #state: FiefAuthState = LOADING_STATE;
  /** Another tab asked for the session while this one had none yet: answer once there is one. */
  queryWaiting = false;

  constructor(context: SessionKeeperContext, stored: Session | null) {
    this.#context = context;
    const now = context.now();
    let session = stored;
    if (
      session !== null &&
      ((!isSessionValid(session, now) && session.refreshToken === null) || this.refuses(session))
    ) {
      saveSession(context.storage, context.namespace, null);
      session = null;
    }
    this.session = session;
    // A valid stored session is known at once, with no request; anything else is found out by `start()`.
    this.status = session !== null && isSessionValid(session, now) ? 'authenticated' : 'loading';
    context.log({ type: 'session.read', found: session !== null, status: this.status });
    this.#state = nextAuthState(LOADING_STATE, this.#composeState());
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

  /** Resolves at the next change of session (adopted or ended). */
  nextSession(): Promise<void> {
    return new Promise((resolve) => this.#sessionWaiters.add(resolve));
  }

  /** Releases every waiter (the engine stops). */
  releaseWaiters(): void {
    for (const resolve of [...this.#sessionWaiters, ...this.#settleWaiters]) resolve();
    this.#sessionWaiters.clear();
    this.#settleWaiters.clear();
  }

  /** Signs out here and in every tab (a logout). */
  signOut(): void {
    // A tab closed now and restored later (its `sessionStorage` with it) must not bring this sign-in back.
    const shared = this.#context.shared();
    if (shared !== null) markLoggedOut(shared, this.#context.namespace, this.#context.now());
    this.end({ broadcast: true, upTo: null, error: null });
    this.#context.log({ type: 'logout' });
  }

  /** Adopts `candidate` when it is newer than the current session and not refused. */
  offer(candidate: Session, options: { broadcast: boolean }): boolean {
    if (this.refuses(candidate) || !isNewerSession(candidate, this.session)) return false;
    if (!isSessionValid(candidate, this.#context.now()) && candidate.refreshToken === null) return false;
    this.set(candidate, options);
    return true;
  }

  /**
   * Makes `session` this tab's session, stores it, tells the listeners (and the other tabs with `broadcast`).
   *
   * @throws FiefRequestError `ERR_FIEF_RESPONSE_MALFORMED` when the store would not read `session` back (a token
   *   response or user-info answer with a mistyped claim, an empty refresh token, an expiry past any date).
   */
  set(session: Session, options: { broadcast: boolean }): void {
    // What this tab uses is what it stores and what the other tabs adopt: a session the store would not read back
    // (a token response or user-info answer it cannot keep) is refused whole, before anything changes.
    if (parseSession(session, session.clientId) === null)
      throw malformedResponse('the answer', 'what a session keeps');
    this.session = session;
    saveSession(this.#context.storage, this.#context.namespace, session);
    this.error = null;
    this.status = isSessionValid(session, this.#context.now()) ? 'authenticated' : 'loading';
    this.emit();
    if (options.broadcast || this.queryWaiting) this.#context.post({ kind: 'session', session });
    this.queryWaiting = false;
    this.#releaseSessionWaiters();
    this.#context.onSession();
  }

  /**
   * Ends the session. `upTo`: the sign-in and the last generation of it that ended (a later one may still be
   * adopted); `null`: every sign-in, every generation (a logout).
   */
  end(options: {
    broadcast: boolean;
    upTo: { sid: string; generation: number } | null;
    error: FiefError | null;
  }): void {
    const { upTo } = options;
    const ended = this.session;
    if (ended !== null && upTo === null) this.#ended.set(ended.sid, Infinity);
    if (upTo !== null) this.endUpTo(upTo.sid, upTo.generation);
    this.session = null;
    saveSession(this.#context.storage, this.#context.namespace, null);
    this.#context.onEnd();
    this.status = 'anonymous';
    this.error = options.error;
    this.emit();
    if (options.broadcast) {
      this.#context.post({
        kind: 'logout',
        sid: upTo?.sid ?? null,
        generation: upTo?.generation ?? null,
        ended: ended === null ? null : { sid: ended.sid, createdAt: ended.createdAt },
      });
    }
    this.#releaseSessionWaiters();
  }

  /** Remembers that sign-in `sid` ended up to `generation`, without ending a later generation held here. */
  endUpTo(sid: string, generation: number): void {
    this.#ended.set(sid, Math.max(generation, this.#ended.get(sid) ?? -1));
  }

  /**
   * A user API answer: the next revision of the session, shared with every tab.
   *
   * @throws {@link FiefError} `ERR_FIEF_USERINFO_SUB_MISMATCH` when it is about another user (the session stays).
   */
  applyUserinfo(userinfo: FiefUserInfo): FiefUserInfo {
    const session = this.session;
    if (session === null) return userinfo;
    if (userinfo.sub !== session.userinfo.sub) {
      throw new FiefError(
        'expected the user API to answer about the signed-in user, found another sub',
        'ERR_FIEF_USERINFO_SUB_MISMATCH',
      );
    }
    // The user API answers with the user's claims (no protocol claims to leave out).
    this.set({ ...session, userinfo, revision: session.revision + 1 }, { broadcast: true });
    return userinfo;
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

  /**
   * Whether `session` must never be used: a generation of a sign-in that ended, a sign-in created at or before the
   * last logout (a tab closed before it and restored after it holds one in its `sessionStorage`), or one that
   * claims a time in the future (it would outrank every later login and outlive the logout mark).
   */
  refuses(session: Session): boolean {
    const shared = this.#context.shared();
    return (
      session.generation <= (this.#ended.get(session.sid) ?? -1) ||
      (shared !== null && session.createdAt <= readLoggedOutAt(shared, this.#context.namespace)) ||
      claimsFuture(session, this.#context.now(), SESSION_CLOCK_TOLERANCE_MS)
    );
  }

  /** Ends the session when it {@link refuses} it (another tab signed out since); `true` when it did. */
  endIfRefused(): boolean {
    const session = this.session;
    if (session === null || !this.refuses(session)) return false;
    this.end({ broadcast: false, upTo: session, error: null });
    return true;
  }

  /** Rebuilds the snapshot; listeners are told only when a value changed. */
  emit(): void {
    const next = nextAuthState(this.#state, this.#composeState());
    if (next.status !== 'loading') {
      for (const resolve of this.#settleWaiters) resolve();
      this.#settleWaiters.clear();
    }
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

  #releaseSessionWaiters(): void {
    for (const resolve of this.#sessionWaiters) resolve();
    this.#sessionWaiters.clear();
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
