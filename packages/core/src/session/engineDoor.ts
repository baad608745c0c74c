/**
 * The door to the session engine (`sessionEngine.ts`, in the session's chunk), in the entry chunk: it loads the
 * engine when `FiefAuth` starts (beside the first render) or is first asked for something, starts and stops it, and
 * decides what the page does without it. Until the chunk arrives, and if it never does (offline, removed by a deploy),
 * the page keeps what it read from storage, hears another tab's sign-out (its logout mark), settles an anonymous tab
 * and records a session due for a refresh as an `error`; a failed load is tried again.
 */

import { chunkLoadError } from '../protocol/errors.js';
import type { EngineSettings } from './engineSettings.js';
import { loadedSessionFlows, loadSessionFlows, type SessionFlows } from './loadSessionFlows.js';
import { isRefreshDue } from './refreshDue.js';
import type { SessionEngine } from './sessionEngine.js';
import type { SessionState } from './sessionState.js';
import { isSessionValid, logoutMarkKey, markLoggedOut } from './sessionStore.js';
import type { SignInId } from './tabTypes.js';

/** An engine whose chunk failed to load (offline a moment) is loaded again after this long, or once back online. */
const CHUNK_RETRY_MS = 5_000;

/** The window's events, where there is a window. */
const page = globalThis as Partial<Pick<Window, 'addEventListener' | 'removeEventListener'>>;

/** What the door needs from `FiefAuth`. */
export interface EngineDoorContext {
  readonly settings: EngineSettings;
  readonly state: SessionState;
  /** How many callbacks are running (any: they will settle the status themselves). */
  callbackRunning(): number;
}

/** Loads, starts and stops one `FiefAuth`'s engine; see the module's comment. */
export interface EngineDoor {
  /** Whether {@link EngineDoor.start} ran since the last {@link EngineDoor.dispose}. */
  readonly started: boolean;
  /**
   * Starts timers and listeners: the refresh timer, the channel to the other tabs and the page events, with the
   * session's chunk. Refreshes a stored expired session, or asks the other tabs for theirs. Idempotent. Another tab's
   * sign-out (its logout mark) ends the session here at once, whether the chunk ever loads or not.
   */
  start(): void;
  /** Stops every timer and listener started by {@link EngineDoor.start}. The state is kept; `start()` may run again. */
  dispose(): void;
  /**
   * The engine, loading its chunk first when it is not there yet. A download that stalls fails the load after a
   * request's time (the door's bound); a later load still takes the chunk if it arrives.
   */
  load(): Promise<SessionEngine>;
  /** The engine, when its chunk is there (another engine of the page, or an earlier start, loaded it); else `null`. */
  now(): SessionEngine | null;
  /** What the page settles on without its engine: anonymous with nothing stored, `error` with a session due. */
  chunkFailed(cause: unknown): void;
  /** Nothing stored, nothing from the other tabs, no callback running: signed out. */
  settleWithoutSession(): void;
  /** Ends the session when another tab signed out since (its mark). */
  endIfRefused(): void;
  /**
   * Ends the session here and, through the logout mark, in every other tab; the engine, once there, tells them too
   * (the tabs without shared storage hear it only then), naming the sign-in that ended (none: a new tab still asking
   * the others) and when: a sign-in created later is kept.
   */
  signOutHere(): void;
}

/** The door of one `FiefAuth`: a closure, whose bindings the entry chunk names in one letter each. */
export function engineDoor(context: EngineDoorContext): EngineDoor {
  const { settings, state } = context;
  /** The engine, once its chunk arrived. */
  let engine: SessionEngine | null = null;
  let started = false;
  /** Counts starts and stops: a load that arrives after a stop (or for an earlier start) starts nothing. */
  let run = 0;
  /** Whether the last load of the engine failed (and the next, after a retry, has not begun). */
  let failed = false;
  let stopListening: () => void = () => {};
  /** Cancels the next load of an engine whose load failed. */
  let cancelRetry: () => void = () => {};
  /** The sign-in a logout ended before the engine arrived: the engine tells the other tabs once it is there. */
  let loggedOut: SignInId | null = null;

  /**
   * Loads the engine and starts it. When its chunk cannot load, the page keeps what it read from storage: a tab
   * with nothing stored settles on anonymous, a session due for a refresh on `error`; the load is tried again.
   */
  const open = (): void => {
    failed = false;
    const opened = ++run;
    // The engine starts where it is built or found (`build`), the door being started.
    door.load().catch((cause: unknown) => {
      if (opened !== run) return;
      failed = true;
      // Deaf to the other tabs, this one would miss their refreshes and sign-outs until the page comes back.
      const retry = (): void => {
        cancelRetry();
        if (opened === run) open();
      };
      const timer = setTimeout(retry, CHUNK_RETRY_MS);
      page.addEventListener?.('online', retry);
      cancelRetry = () => {
        clearTimeout(timer);
        page.removeEventListener?.('online', retry);
      };
      // Last: a subscriber told of the settled status may dispose the engine, which cancels the retry above.
      door.chunkFailed(cause);
    });
  };

  /**
   * The engine, built from its chunk (`flows`, `null` only once it is built) the first time; started whenever the
   * door is (starting is idempotent), so that `open` needs no start of its own.
   */
  const build = (flows: SessionFlows | null): SessionEngine => {
    if (engine === null) {
      engine = new (flows as SessionFlows).SessionEngine({
        ...settings,
        state,
        callbackRunning: () => context.callbackRunning(),
      });
      if (loggedOut !== null) engine.announceLogout(loggedOut);
      loggedOut = null;
    }
    // Also when a call brought it while the door waits to retry a failed load: it runs now, not at the retry.
    if (started) {
      cancelRetry();
      failed = false;
      engine.start();
    }
    return engine;
  };

  const door: EngineDoor = {
    get started() {
      return started;
    },

    start() {
      if (started) return;
      started = true;
      const key = logoutMarkKey(settings.namespace);
      // Which storage changed does not matter: the mark is read again.
      const onStorage = (event: StorageEvent): void => {
        if (event.key === null || event.key === key) door.endIfRefused();
      };
      page.addEventListener?.('storage', onStorage);
      stopListening = () => page.removeEventListener?.('storage', onStorage);
      // A mark written while nothing listened (before the first start, or while the provider was unmounted).
      door.endIfRefused();
      open();
    },

    dispose() {
      // Disposed already: a wait of `getAccessToken` (on the session another tab refreshed) goes on.
      if (!started) return;
      started = false;
      run++;
      stopListening();
      cancelRetry();
      if (engine !== null) engine.dispose();
      else state.releaseSettleWaiters();
    },

    load() {
      const loaded = door.now();
      return loaded !== null ? Promise.resolve(loaded) : loadSessionFlows().then(build);
    },

    now() {
      const flows = loadedSessionFlows();
      return engine === null && flows === null ? null : build(flows);
    },

    chunkFailed(cause) {
      const session = state.session;
      const now = settings.now();
      if (session === null) door.settleWithoutSession();
      else if (isRefreshDue(session, now, settings.marginMs)) {
        const status = isSessionValid(session, now) ? state.status : 'error';
        // The same failure again (a retry, another call) changes nothing: the snapshot stays the same object.
        if (state.error?.code !== 'ERR_FIEF_CHUNK_LOAD' || state.status !== status)
          state.fail(chunkLoadError(cause), status);
      }
    },

    settleWithoutSession() {
      const loaded = door.now();
      if (loaded !== null) loaded.settleWithoutSession();
      // Loading: the engine asks the other tabs first, and settles when none answers.
      else if ((failed || !started) && !context.callbackRunning()) state.settleAnonymous();
    },

    endIfRefused() {
      const loaded = door.now();
      if (loaded !== null) {
        loaded.keeper.endIfRefused();
        return;
      }
      const session = state.session;
      if (session !== null && state.refusedByMarks(session)) state.endHere();
    },

    signOutHere() {
      const shared = settings.shared();
      const now = settings.now();
      if (shared !== null) markLoggedOut(shared, settings.namespace, now);
      // Where no storage is shared, the mark of this tab alone, as `SessionKeeper.signOut` keeps it.
      state.loggedOutAt = now;
      loggedOut = { sid: state.session?.sid ?? '', createdAt: now };
      state.endHere();
    },
  };
  return door;
}
