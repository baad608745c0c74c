/**
 * The link with the other tabs, and what an engine does with a message from another tab: answer a query with its live session, adopt a newer
 * session, end a sign-in another tab ended. Every message is untrusted: the session it carries goes through the
 * store's parser and the keeper's refusals like any stored copy.
 */

import { mayHideAnEnd, sessionQuery, tellEnded } from './endedSignIns.js';
import type { FiefLogger } from './logEvents.js';
import type { SessionKeeper } from './sessionKeeper.js';
import { compareSessions } from './sessionOrder.js';
import { isSessionValid, parseSession } from './sessionStore.js';
import { isLaterSignIn } from './signOutTimes.js';
import type { StorageLike } from './storage.js';
import { type EngineMessage, type TabMessage, TabSync, type TabSyncOptions } from './tabSync.js';

/** How long a new tab with nothing stored waits for another tab's session before it settles on anonymous. */
const TAB_QUERY_TIMEOUT_MS = 150;

/** What handling a message needs from the engine. */
export interface TabMessageContext {
  readonly keeper: SessionKeeper;
  /** The client the sessions must be for. */
  readonly clientId: string;
  now(): number;
  post(message: TabMessage): void;
  /** Looks at this tab's session now: refreshes it when due (its timer may not have fired yet after a sleep). */
  checkSession(): void;
  /** This tab adopted a sign-in it did not hold: news of its end may be on its way (`TabSync.adoptedSignIn`). */
  adoptedSignIn(): void;
  /** A refused answer may have kept an end quiet (`mayHideAnEnd`): ask before spending (`TabSync.behind`). */
  behind(): void;
  readonly log: FiefLogger;
}

/**
 * Applies `message` from another tab to this tab's keeper.
 *
 * @example
 * ```ts
 * tabs.start((message) => handleTabMessage(context, message));
 * ```
 */
export function handleTabMessage(context: TabMessageContext, message: EngineMessage): void {
  const { keeper } = context;
  context.log({ type: 'tab.message', kind: message.kind });
  switch (message.kind) {
    case 'query': {
      // The asking tab holds a sign-in that ended here: it missed the news (away, or not yet listening).
      const { holds = null } = message;
      if (holds !== null) tellEnded(keeper, holds, context.post);
      const session = keeper.session;
      const live = session !== null && !keeper.refuses(session);
      // Expired, the session is still the newest this tab knows, with a good refresh token: the tab that asked may
      // refresh it under the lock. A disposed engine refreshes only when asked: it would never answer otherwise.
      if (live) context.post({ kind: 'session', session });
      if ((live && !isSessionValid(session, context.now())) || keeper.status === 'loading') {
        // This tab is still finding its own session, or its session expired and needs a refresh: answer (again)
        // once it has one (the tab that asked may be the only other one left when the tab that had it closes).
        keeper.queryWaiting = true;
        if (live) context.checkSession();
      }
      return;
    }
    case 'session': {
      const candidate = parseSession(message.session, context.clientId);
      if (candidate === null) return;
      const held = keeper.session;
      if (mayHideAnEnd(keeper, candidate, held)) context.behind();
      // A copy of a sign-in that ended here (its sender missed the news, or a tab may adopt it from there): the end
      // again, to every tab.
      if (tellEnded(keeper, candidate, context.post)) return;
      // Passed on by a tab that had none (one that asked once this one had given up would stay signed out), or another
      // sign-in: it may have ended while this page was away, and the tab that knows tells so once the copy lands.
      const adopted = keeper.offer(candidate, { broadcast: held?.sid !== candidate.sid });
      // A sign-in this tab did not hold: a tab that knows it ended tells so once this copy lands (a page back from
      // the back-forward cache passes on a stale answer); its refresh token is not spent before that had time to land.
      if (adopted && held?.sid !== candidate.sid) context.adoptedSignIn();
      return;
    }
    case 'logout': {
      const { sid, generation, ended } = message;
      const upTo = sid === null ? null : { sid, generation: generation ?? Infinity };
      // The sign-in signed out is refused from now on, even by a tab that holds no session (a new tab asking the
      // others): another tab's answer posted before it heard the sign-out may land after it. Sids are per sign-in.
      if (upTo === null && ended !== null) keeper.heardSignOut(ended);
      const session = keeper.session;
      // A sign-in later than the one signed out (the message waited for its sender's link to open) is kept.
      if (session !== null && upTo === null && ended !== null && isLaterSignIn(session, ended)) return;
      if (
        session !== null &&
        (upTo === null || (upTo.sid === session.sid && session.generation <= upTo.generation))
      ) {
        keeper.end({ broadcast: false, upTo, error: null });
      } else if (upTo !== null) {
        // A refresh token another tab found refused, while this tab holds a later generation: keep it.
        keeper.endUpTo(upTo.sid, upTo.generation);
      }
      return;
    }
  }
}

/** What the link to the other tabs needs from the engine. */
export interface TabLinkContext extends Omit<TabMessageContext, 'post' | 'adoptedSignIn' | 'behind'> {
  /** Names the channel, the lock and the fallback keys. */
  readonly namespace: string;
  /** The page's `sessionStorage` (where its pending logins are): it names the page, which needs one answering link. */
  readonly pendingStorage: StorageLike;
  readonly tabId: string;
  readonly options: TabSyncOptions;
  shared(): StorageLike | null;
  /** Whether a callback is running (it will settle the status itself). */
  callbackRunning(): boolean;
}

/**
 * The links of stopped engines that answer the tabs (see `TabLink`), one per page (its `sessionStorage`, whatever
 * storage the engines keep their sessions in) and namespace.
 */
const answering = new WeakMap<StorageLike, Map<string, TabLink>>();

/**
 * Whether a stopped engine must go on answering: a refresh token of its sign-in was spent to get its session, so
 * another tab may hold only the spent one (it missed the news, its provider unmounted), and may need this one; or,
 * with no storage shared by the tabs (no logout mark, no spent mark), it knows of a sign-in that ended, which a tab
 * that missed the news may still hold (and spend), and must be told of.
 */
function mustAnswer(context: TabLinkContext): boolean {
  const session = context.keeper.session;
  if (session !== null && session.generation > 0) return true;
  return context.keeper.knowsAnEnd && context.shared() === null;
}

/**
 * This engine's link to the other tabs: the channel and lock (`TabSync`), and the question a tab with no session
 * asks the others when it starts, with its timeout.
 *
 * Stopped (its provider unmounted), an engine whose session came from a refresh, or that knows of a sign-in that
 * ended, keeps its link open and answers until it starts again, however late another tab asks: that tab may have
 * been deaf when the news went out, and may hold only the refresh token spent to get it, or a sign-in that ended
 * (sent again, Fief refuses the refresh token and the sign-in ends). One such link per page is enough: an engine
 * that stops with a session no newer than the one already answering closes its own.
 */
export class TabLink {
  readonly #context: TabLinkContext;
  #tabs: TabSync | null = null;
  #queryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Whether the engine started the link (not only holds of a stopped engine, see {@link hold}). */
  #started = false;
  /** Holds taken by {@link hold} and not yet released: while any remains, the link stays open. */
  #holds = 0;
  /** Stopped, answering for the page with a session that may be the only copy: ends that (see {@link #stand}). */
  #stopAnswering: (() => void) | null = null;

  constructor(context: TabLinkContext) {
    this.#context = context;
  }

  /** The channel and lock (opened on {@link start}; usable before for the lock). */
  get tabs(): TabSync {
    const context = this.#context;
    this.#tabs ??= new TabSync(context.namespace, context.options, context.shared(), context.tabId);
    return this.#tabs;
  }

  /** Opens the channel: the engine then resumes (`resumeSession`), which asks the other tabs for their session. */
  start(): void {
    this.#started = true;
    this.#sit();
    this.#open();
  }

  /**
   * Listens to the other tabs until the returned function is called, whether or not the engine runs (it waits for
   * the session another tab refreshed, or for Fief's answer to its own refresh). Holds count: when the last one goes
   * and the engine is stopped, the link closes, unless its session may be the only copy (see {@link TabLink}); a
   * stop of the engine meanwhile (a provider mounted and unmounted again) keeps it open for them.
   */
  hold(): () => void {
    this.#holds++;
    this.#open();
    let held = true;
    return () => {
      if (held && --this.#holds === 0 && !this.#started) this.#idle();
      held = false;
    };
  }

  #open(): void {
    const tabs = this.tabs;
    const context = {
      ...this.#context,
      post: (message: TabMessage) => tabs.post(message),
      adoptedSignIn: () => tabs.adoptedSignIn(),
      behind: () => tabs.behind(),
    };
    tabs.start((message) => handleTabMessage(context, message));
    // Stopped, the engine answers without keeping a Node process alive (its waits have timers of their own).
    tabs.keepAlive(this.#started);
  }

  /** Stopped, nothing held: answers for the page when its session may be the only copy, else closes. */
  #idle(): void {
    this.#stand();
    if (this.#holds === 0) this.#close();
  }

  /**
   * Answers the tabs until the engine starts again, unless another stopped engine of this page answers with the same
   * or a newer session (or this one has none). One with an older one stops answering for this one.
   */
  #stand(): void {
    const { keeper, pendingStorage, namespace } = this.#context;
    const session = keeper.session;
    if (this.#stopAnswering !== null || !mustAnswer(this.#context)) return;
    const page = answering.get(pendingStorage) ?? new Map<string, TabLink>();
    answering.set(pendingStorage, page);
    const other = page.get(namespace);
    const theirs = other === undefined ? null : other.#context.keeper.session;
    if (
      other !== undefined &&
      (session === null || (theirs !== null && compareSessions(theirs, session) >= 0))
    )
      return;
    page.set(namespace, this);
    const release = this.hold();
    // Ended, the session is still answered for: with its end, to a tab that names it (`endedSignIns.ts`).
    const stopWatching = keeper.subscribe(() => {
      if (!mustAnswer(this.#context)) this.#sit();
    });
    this.#stopAnswering = () => {
      stopWatching();
      if (page.get(namespace) === this) page.delete(namespace);
      release();
    };
    if (other !== undefined) other.#sit();
  }

  /** Stops answering for the page (the engine started again, its session ended, or another engine answers). */
  #sit(): void {
    const stop = this.#stopAnswering;
    this.#stopAnswering = null;
    stop?.();
  }

  /** The page may have missed messages (a resume): a refresh due now asks the tabs first (`TabSync.behind`). */
  behind(): void {
    this.#tabs?.behind();
  }

  /**
   * Asks the other tabs for their session (a newer one is adopted when it comes); with none here while `loading`,
   * settles on anonymous when no tab answers in time.
   */
  ask(): void {
    const tabs = this.#tabs;
    const { keeper } = this.#context;
    const waiting = keeper.session === null && keeper.status === 'loading';
    if (tabs === null || !tabs.connected) {
      if (waiting) this.settleWithoutSession();
      return;
    }
    tabs.post(sessionQuery(keeper.session));
    if (waiting && this.#queryTimer === null) {
      this.#queryTimer = setTimeout(() => {
        this.#queryTimer = null;
        this.settleWithoutSession();
      }, TAB_QUERY_TIMEOUT_MS);
    }
  }

  /** Tells the other tabs (stopped: through a channel opened for this message alone). */
  post(message: TabMessage): void {
    this.tabs.post(message);
  }

  /** A session arrived: the question to the other tabs is answered. */
  answered(): void {
    if (this.#queryTimer !== null) clearTimeout(this.#queryTimer);
    this.#queryTimer = null;
  }

  /** Nothing stored, nothing from the other tabs, no callback running: signed out. */
  settleWithoutSession(): void {
    if (this.#queryTimer !== null || this.#context.callbackRunning()) return;
    this.#context.keeper.settleAnonymous();
  }

  stop(): void {
    this.#started = false;
    if (this.#holds === 0) this.#idle();
  }

  #close(): void {
    this.answered();
    this.#tabs?.stop();
    this.#tabs = null;
  }
}
