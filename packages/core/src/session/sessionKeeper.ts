/**
 * The one place the engine's state changes, in the session's chunk: which session this tab adopts or refuses, its
 * status and error. Every transition (a session adopted, a sign-in ended, an error) goes through here, so that
 * ordering and refusals are decided once; the state itself, and its snapshot, is `sessionState.ts` (entry chunk).
 */

import { FiefError, malformedResponse } from '../protocol/errors.js';
import type { FiefUserInfo } from '../protocol/types.js';
import type { FiefAuthState } from './authState.js';
import { loginRefusal } from './loginRefusal.js';
import { isNewerSession } from './sessionOrder.js';
import { saveSession } from './sessionSave.js';
import type { SessionState, SessionStateContext } from './sessionState.js';
import { isSessionValid, markLoggedOut, parseSession, removeSession, type Session } from './sessionStore.js';
import { heardSignOutAt, signedOutAt, yieldToLaterLogin } from './signOutTimes.js';
import type { SignInId, TabMessage } from './tabTypes.js';

/** What the keeper needs from the engine around it. */
export interface SessionKeeperContext extends SessionStateContext {
  /** The client the stored sessions must be for. */
  readonly clientId: string;
  /** Tells the other tabs (nothing when the engine is not started). */
  post(message: TabMessage): void;
  /** Called after a session was adopted: refresh or schedule. */
  onSession(): void;
  /** Called when the session ends: cancel the timer. */
  onEnd(): void;
}

/**
 * The sessions one engine adopts or refuses, and its status: the rules over the page's {@link SessionState} (read
 * from storage before this chunk arrived, and shown meanwhile), which it changes and tells.
 */
export class SessionKeeper {
  readonly #context: SessionKeeperContext;
  readonly #state: SessionState;
  /** Waiters of any change of session (a tab waiting for another tab's refresh). */
  readonly #sessionWaiters = new Set<() => void>();
  /** Another tab asked for the session while this one had none yet: answer once there is one. */
  queryWaiting = false;
  /** This tab's sign-out time once its clock was seen behind it (see `#signedOutAfter`); `-1`: never. */
  #signOutAheadOfClock = -1;

  constructor(context: SessionKeeperContext, state: SessionState) {
    this.#context = context;
    this.#state = state;
  }

  get session(): Session | null {
    return this.#state.session;
  }

  get status(): FiefAuthState['status'] {
    return this.#state.status;
  }

  get snapshot(): FiefAuthState {
    return this.#state.snapshot;
  }

  subscribe(listener: () => void): () => void {
    return this.#state.subscribe(listener);
  }

  /** Resolves once the status is no longer `loading` (or at once). */
  settled(): Promise<void> {
    return this.#state.settled();
  }

  /** Resolves at the next change of session (adopted or ended). */
  nextSession(): Promise<void> {
    return new Promise((resolve) => this.#sessionWaiters.add(resolve));
  }

  /** Releases every waiter (the engine stops). */
  releaseWaiters(): void {
    this.#releaseSessionWaiters();
    this.#state.releaseSettleWaiters();
  }

  /** Signs out here and in every tab (a logout). */
  signOut(): void {
    // A tab closed now and restored later (its `sessionStorage` with it) must not bring this sign-in back.
    const shared = this.#context.shared();
    const now = this.#context.now();
    if (shared !== null) markLoggedOut(shared, this.#context.namespace, now);
    // Where no storage is shared, the mark of this tab alone: an answer posted before the others heard is refused.
    signedOutAt(this.#state, now);
    this.end({ broadcast: true, upTo: null, error: null });
    this.#context.log({ type: 'logout' });
  }

  /**
   * Makes a login's new session this tab's session and tells the tabs, unless the user signed out since its code
   * exchange was sent, here or in a tab that said so: that sign-out stands. A sign-out time ahead of this tab's
   * clock (set back since) is put back just before the login, as `loginSession` does with the logout mark. A sign-in
   * whose exchange was sent later and landed first stays, as in every other tab. Returns the session kept.
   *
   * @throws {@link FiefAuthCallbackError} `signed_out` when a sign-out since the exchange refuses it, `clock_set_back`
   *   when the clock was set back during it (nothing stored either way).
   */
  login(session: Session): Session {
    const state = this.#state;
    if (state.loggedOutAt > this.#context.now()) state.loggedOutAt = session.createdAt - 1;
    if (this.refuses(session)) throw loginRefusal(this.refuses(session, Number.POSITIVE_INFINITY));
    const current = this.session;
    if (current !== null && !isNewerSession(session, current)) return current;
    this.set(session, { broadcast: true });
    return session;
  }

  /** Adopts `candidate` when it is newer than the current session and {@link usable}. */
  offer(candidate: Session, options: { broadcast: boolean }): boolean {
    if (!this.usable(candidate) || !isNewerSession(candidate, this.session)) return false;
    this.set(candidate, options);
    return true;
  }

  /** Whether a tab would adopt `session` (now, or in `withinMs`): not refused, and valid or with a refresh token. */
  usable(session: Session, withinMs = 0): boolean {
    const renewable =
      isSessionValid(session, this.#context.now() + withinMs) || session.refreshToken !== null;
    return renewable && !this.refuses(session);
  }

  /**
   * Makes `session` this tab's session, stores it, tells the listeners (and the other tabs with `broadcast`).
   *
   * @throws FiefRequestError `ERR_FIEF_RESPONSE_MALFORMED` when the store would not read `session` back (a token
   *   response or user-info answer with a mistyped claim, an empty refresh token, an expiry past any date).
   */
  set(session: Session, options: { broadcast: boolean }): void {
    // A session the store would not read back (nor the other tabs adopt) is refused whole, before anything changes.
    if (parseSession(session, session.clientId) === null)
      throw malformedResponse('the answer', 'what a session keeps');
    const state = this.#state;
    const replaced = state.session;
    // Another sign-in takes its place, or a refresh brought no refresh token: the generations before were spent, and
    // a tab that still holds one (back from the back-forward cache) is told they ended, rather than spend it again.
    if (replaced !== null && replaced.sid !== session.sid && replaced.generation > 0)
      this.endUpTo(replaced.sid, replaced.generation - 1);
    if (session.refreshToken === null && session.generation > 0)
      this.endUpTo(session.sid, session.generation - 1);
    state.session = session;
    saveSession(this.#context.storage, this.#context.namespace, session);
    state.error = null;
    state.status = isSessionValid(session, this.#context.now()) ? 'authenticated' : 'loading';
    state.emit();
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
    if (ended !== null && upTo === null) this.#state.ended.set(ended.sid, Infinity);
    if (upTo !== null) this.endUpTo(upTo.sid, upTo.generation);
    const state = this.#state;
    state.session = null;
    removeSession(this.#context.storage, this.#context.namespace);
    this.#context.onEnd();
    state.status = 'anonymous';
    state.error = options.error;
    state.emit();
    if (options.broadcast) {
      this.#context.post({
        kind: 'logout',
        sid: upTo?.sid ?? null,
        generation: upTo?.generation ?? null,
        // A sign-out names when it was made, even with no sign-in here (sid ''): a sign-in created before it, here
        // unheard of yet, ends too, and so does a login whose code exchange was on its way.
        ended:
          upTo === null
            ? { sid: ended?.sid ?? '', createdAt: this.#state.loggedOutAt }
            : ended && { sid: ended.sid, createdAt: ended.createdAt },
      });
    }
    this.#releaseSessionWaiters();
  }

  /** Remembers that sign-in `sid` ended up to `generation`, without ending a later generation held here. */
  endUpTo(sid: string, generation: number): void {
    this.#state.ended.set(sid, Math.max(generation, this.#state.ended.get(sid) ?? -1));
  }

  /** Another tab signed out of every sign-in, `ended` among them (see {@link heardSignOutAt}). */
  heardSignOut(ended: SignInId): void {
    this.endUpTo(ended.sid, Infinity);
    heardSignOutAt(this.#state, this.#context, ended.createdAt);
  }

  /** Whether this tab knows of a sign-in that ended (signed out here, or heard so): it can tell a tab that missed it. */
  get knowsAnEnd(): boolean {
    return this.#state.loggedOutAt >= 0 || this.#state.ended.size > 0;
  }

  /**
   * The last generation of sign-in `signIn` known here to have ended (`Infinity`: every one, it was signed out, here
   * or in a tab that said so; `null`: none known).
   */
  endedUpTo(signIn: SignInId): number | null {
    if (this.#signedOutAfter(signIn.createdAt)) return Number.POSITIVE_INFINITY;
    return this.#state.ended.get(signIn.sid) ?? null;
  }

  /**
   * Whether this tab signed out after a sign-in created at `createdAt`, by its clock. Seen behind the sign-out (set
   * back since), the clock names it as `yieldToLaterLogin` says, or not at all: a sign-in made since may claim an
   * earlier time, and telling it ended would sign the user out of it. Those known ended by sid are still told.
   */
  #signedOutAfter(createdAt: number): boolean {
    yieldToLaterLogin(this.#state, this.#context);
    const { loggedOutAt } = this.#state;
    if (loggedOutAt < 0 || loggedOutAt === this.#signOutAheadOfClock) return false;
    if (this.#context.now() < loggedOutAt) {
      this.#signOutAheadOfClock = loggedOutAt;
      return false;
    }
    return createdAt <= loggedOutAt;
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
    this.#state.settleAnonymous();
  }

  /**
   * The session's chunk arrived: an `ERR_FIEF_CHUNK_LOAD` the page recorded without it (a sign-in that could not
   * start, a due refresh) is over. A tab without a session has nothing else that would clear it. Only at the engine's
   * construction: later, that code may name the protocol's chunk, which may still be missing.
   */
  chunkArrived(): void {
    const state = this.#state;
    if (state.error?.code !== 'ERR_FIEF_CHUNK_LOAD' || state.status === 'error') return;
    state.error = null;
    state.emit();
  }

  /** Sets the status and error (a failed callback or refresh) and tells the listeners. */
  fail(error: FiefError, status: FiefAuthState['status']): void {
    this.#state.fail(error, status);
  }

  /**
   * Whether `session` must never be used: a generation of a sign-in that ended, a sign-in created at or before the
   * last logout (a tab closed before it and restored after it holds one in its `sessionStorage`), or one that
   * claims a time in the future (it would outrank every later login and outlive the logout mark).
   *
   * @param now - The time a claimed time must not pass; `Infinity` asks for the sign-outs alone.
   */
  refuses(session: Session, now = this.#context.now()): boolean {
    yieldToLaterLogin(this.#state, this.#context);
    return (
      session.generation <= (this.#state.ended.get(session.sid) ?? -1) ||
      this.#state.refusedByMarks(session, now)
    );
  }

  /** Ends the session when it {@link refuses} it (another tab signed out since); `true` when it did. */
  endIfRefused(): boolean {
    const session = this.session;
    if (session === null || !this.refuses(session)) return false;
    this.end({ broadcast: false, upTo: session, error: null });
    return true;
  }

  #releaseSessionWaiters(): void {
    for (const resolve of this.#sessionWaiters) resolve();
    this.#sessionWaiters.clear();
  }
}
