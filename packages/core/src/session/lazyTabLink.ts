/**
 * The engine's side of the link to the other tabs, in the entry chunk: the link itself (`TabLink`, with the channel
 * and the message handling) is part of the session's chunk loaded on demand, opened by {@link LazyTabLink.start}
 * once that chunk arrived. A signed-in reload renders from storage without it; an anonymous tab settles once it
 * opened and no tab answered.
 *
 * Opened late, the link may have missed what the other tabs said since the page loaded: the engine then resumes
 * (reads storage again, tells its live session, asks the others), as after a restart. What this tab says before the
 * link is open waits for it, in order.
 */

import { loadedSessionFlows, loadSessionFlows, type SessionFlows } from './loadSessionFlows.js';
import type { PageEvents } from './pageEvents.js';
import { logoutMarkKey } from './sessionStore.js';
import type { TabLink, TabLinkContext } from './tabMessages.js';
import type { TabSync } from './tabSync.js';
import type { TabMessage } from './tabTypes.js';

/** A link whose chunk failed to load (offline a moment) is opened again after this long. */
const LINK_RETRY_MS = 5_000;

/** The window's events, where there is a window. */
const page = globalThis as Partial<Pick<Window, 'addEventListener' | 'removeEventListener'>>;

/** What the link needs from the engine, besides what the link itself does. */
export interface LazyTabLinkContext extends TabLinkContext {
  /** The page may have missed time and messages (restored from the back-forward cache, back online): resume. */
  resumed(): void;
}

/** The link to the other tabs and the page events (`pageEvents.ts`), their code loaded on demand. */
export class LazyTabLink {
  readonly #context: LazyTabLinkContext;
  #pageEvents: PageEvents | null = null;
  #stopLogoutListener: () => void = () => {};
  #link: TabLink | null = null;
  /** What this tab said while started, before the link was open: sent in order once it is. */
  #waiting: TabMessage[] = [];
  #state: 'stopped' | 'opening' | 'open' | 'failed' = 'stopped';
  /** Counts starts and stops: an open that arrives after a stop (or for an earlier start) does nothing. */
  #run = 0;
  #opened: (flows: SessionFlows) => void = () => {};
  /**
   * A failed open is tried again after {@link LINK_RETRY_MS}, or at once when the browser is back online (the page
   * events, in the same chunk, are not listened to yet); this cancels both.
   */
  #cancelRetry: () => void = () => {};
  /** Callers of {@link delivered} waiting for the link to open (or fail). */
  #deliveredWaiters: (() => void)[] = [];

  constructor(context: LazyTabLinkContext) {
    this.#context = context;
  }

  /** The channel and lock; only the session's chunk asks for them (the refresh that takes the lock), so it is loaded. */
  get tabs(): TabSync {
    return this.#linkWith(loadedSessionFlows() as SessionFlows).tabs;
  }

  /**
   * Listens to the other tabs until the returned function is called, whether or not the engine runs (`TabLink.hold`):
   * the engine waits for the session another tab refreshed, or answers the tabs that wait on its own refresh, and
   * its provider may unmount meanwhile. Failed to open, opens.
   */
  hear(): () => void {
    // Failed, though the chunk is here (the refresh that waits loaded it): open now; its resume asks the tabs too.
    if (this.#state === 'failed') this.#open();
    // The refresh that waits took the lock through `tabs`: the link exists.
    return this.#link?.hold() ?? (() => {});
  }

  /**
   * Loads the link and opens it, then calls `opened` (the engine resumes, which asks the other tabs). When the chunk
   * cannot load, a tab with nothing stored settles on anonymous rather than waiting for an answer that cannot come;
   * the next {@link ask} (the page back online) tries again.
   */
  start(opened: (flows: SessionFlows) => void): void {
    if (this.#state !== 'stopped') return;
    this.#opened = opened;
    this.#stopLogoutListener = this.#listenForLogout();
    this.#open();
  }

  /**
   * Tells the other tabs: at once when open, once open when opening. Stopped (a disposed engine asked for a token,
   * or to sign out), once the chunk is there, through a channel opened for it alone, unless the engine starts again
   * first (its link then sends it).
   */
  post(message: TabMessage): void {
    this.#waiting.push(message);
    if (this.#state === 'open' || this.#state === 'stopped') this.#sendWaiting();
    // Failed, but the chunk came since (the refresh that says this loaded it): open now, not at the next retry.
    else if (this.#state === 'failed' && loadedSessionFlows() !== null) this.#open();
  }

  /**
   * Resolves once what this tab said has gone out to the other tabs (at once when open), or its link could not open,
   * or after `withinMs`: a page about to leave (logout) waits for its sign-out to reach them. Stopped, what it said
   * goes out once the chunk is there.
   */
  delivered(withinMs: number): Promise<void> {
    const sending = this.#state === 'opening' || (this.#state === 'stopped' && this.#waiting.length > 0);
    if (!sending) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, withinMs);
      this.#deliveredWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Asks the other tabs for their session (opening resumes, which asks; a failed open is tried again). */
  ask(): void {
    if (this.#state === 'open') this.#link?.ask();
    else if (this.#state === 'failed') this.#open();
  }

  /** A session arrived: the question to the other tabs is answered. */
  answered(): void {
    this.#link?.answered();
  }

  /** Nothing stored, nothing from the other tabs, no callback running: signed out. */
  settleWithoutSession(): void {
    // Opening: the link asks the other tabs first, and settles when none answers.
    if (this.#state === 'opening') return;
    if (this.#state === 'open') this.#link?.settleWithoutSession();
    else if (!this.#context.callbackRunning()) this.#context.keeper.settleAnonymous();
  }

  stop(): void {
    this.#run++;
    this.#state = 'stopped';
    this.#cancelRetry();
    this.#link?.stop();
    this.#pageEvents?.stop();
    this.#stopLogoutListener();
    this.#releaseDelivered();
    // Said while started, before the link was open: it goes out when the link opens after a restart (StrictMode
    // starts again at once), or without one.
    if (this.#waiting.length > 0) this.#sendWaiting();
  }

  /** Sends what waits, in order, once the chunk is there (at once when it is), unless the engine starts or stops first. */
  #sendWaiting(): void {
    const run = this.#run;
    const send = (flows: SessionFlows): void => {
      if (run !== this.#run) return;
      for (const message of this.#waiting.splice(0)) this.#linkWith(flows).post(message);
      this.#releaseDelivered();
    };
    const flows = loadedSessionFlows();
    if (flows !== null) send(flows);
    else loadSessionFlows().then(send, () => {});
  }

  #open(): void {
    this.#state = 'opening';
    this.#cancelRetry();
    const run = ++this.#run;
    loadSessionFlows().then(
      (flows) => {
        if (run !== this.#run) return;
        this.#linkWith(flows).start();
        this.#listenToPage(flows);
        this.#state = 'open';
        this.#sendWaiting();
        this.#opened(flows);
      },
      () => {
        if (run !== this.#run) return;
        this.#state = 'failed';
        // Deaf to the other tabs, this one would miss their refreshes and sign-outs until the page comes back.
        const retry = () => {
          if (run === this.#run) this.#open();
        };
        const timer = setTimeout(retry, LINK_RETRY_MS);
        page.addEventListener?.('online', retry);
        this.#cancelRetry = () => {
          clearTimeout(timer);
          page.removeEventListener?.('online', retry);
        };
        // Last: a subscriber told of the settled status may dispose the engine, which cancels the retry above.
        this.#releaseDelivered();
        this.settleWithoutSession();
      },
    );
  }

  /** What the page says of the time and messages it may have missed; until then, the open's own resume covers it. */
  #listenToPage(flows: SessionFlows): void {
    const { checkSession, resumed } = this.#context;
    this.#pageEvents ??= new flows.PageEvents();
    this.#pageEvents.start({ shown: checkSession, resumed });
  }

  /** Another tab's sign-out (its logout mark) ends the session here at once, whether the chunk ever loads or not. */
  #listenForLogout(): () => void {
    const { keeper, namespace } = this.#context;
    const key = logoutMarkKey(namespace);
    // Which storage changed does not matter: the keeper reads the mark itself.
    const onStorage = (event: StorageEvent): void => {
      if (event.key === null || event.key === key) keeper.endIfRefused();
    };
    page.addEventListener?.('storage', onStorage);
    return () => page.removeEventListener?.('storage', onStorage);
  }

  #releaseDelivered(): void {
    for (const release of this.#deliveredWaiters.splice(0)) release();
  }

  #linkWith(flows: SessionFlows): TabLink {
    this.#link ??= new flows.TabLink(this.#context);
    return this.#link;
  }
}
