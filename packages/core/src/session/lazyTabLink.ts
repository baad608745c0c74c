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
import type { TabLink, TabLinkContext } from './tabMessages.js';
import type { TabSync } from './tabSync.js';
import type { TabMessage } from './tabTypes.js';

/** A link whose chunk failed to load (offline a moment) is opened again after this long. */
const LINK_RETRY_MS = 5_000;

/** The link to the other tabs, its code loaded on demand. */
export class LazyTabLink {
  readonly #context: TabLinkContext;
  #link: TabLink | null = null;
  /** What this tab said while started, before the link was open: sent in order once it is. */
  #waiting: TabMessage[] = [];
  #state: 'stopped' | 'opening' | 'open' | 'failed' = 'stopped';
  /** Counts starts and stops: an open that arrives after a stop (or for an earlier start) does nothing. */
  #run = 0;
  #opened: (flows: SessionFlows) => void = () => {};
  /** A failed open is tried again after {@link LINK_RETRY_MS}, whatever the page does meanwhile. */
  #retry: ReturnType<typeof setTimeout> | undefined;
  /** Callers of {@link delivered} waiting for the link to open (or fail). */
  #deliveredWaiters: (() => void)[] = [];

  constructor(context: TabLinkContext) {
    this.#context = context;
  }

  /** The channel and lock; the session's chunk must be loaded (the refresh that takes the lock loaded it). */
  get tabs(): TabSync {
    const flows = loadedSessionFlows();
    if (flows === null)
      throw new Error('expected the session chunk to be loaded before the tabs lock is taken');
    return this.#linkWith(flows).tabs;
  }

  /**
   * Loads the link and opens it, then calls `opened` (the engine resumes, which asks the other tabs). When the chunk
   * cannot load, a tab with nothing stored settles on anonymous rather than waiting for an answer that cannot come;
   * the next {@link ask} (the page back online) tries again.
   */
  start(opened: (flows: SessionFlows) => void): void {
    if (this.#state !== 'stopped') return;
    this.#opened = opened;
    this.#open();
  }

  /** Tells the other tabs: at once when open, once open when opening, never when stopped. */
  post(message: TabMessage): void {
    if (this.#state === 'open') this.#link?.post(message);
    else if (this.#state !== 'stopped') this.#waiting.push(message);
  }

  /**
   * Resolves once what this tab said has gone out to the other tabs (at once when open or stopped), or its link
   * could not open, or after `withinMs`: a page about to leave (logout) waits for its sign-out to reach them.
   */
  delivered(withinMs: number): Promise<void> {
    if (this.#state !== 'opening') return Promise.resolve();
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
    // What waits keeps waiting: said while started, it goes out when the link opens after a restart (StrictMode).
    this.#state = 'stopped';
    clearTimeout(this.#retry);
    this.#link?.stop();
    this.#releaseDelivered();
  }

  #open(): void {
    this.#state = 'opening';
    clearTimeout(this.#retry);
    const run = ++this.#run;
    loadSessionFlows().then(
      (flows) => {
        if (run !== this.#run) return;
        const link = this.#linkWith(flows);
        link.start();
        this.#state = 'open';
        for (const message of this.#waiting.splice(0)) link.post(message);
        this.#releaseDelivered();
        this.#opened(flows);
      },
      () => {
        if (run !== this.#run) return;
        this.#state = 'failed';
        this.#releaseDelivered();
        this.settleWithoutSession();
        // Deaf to the other tabs, this one would miss their refreshes and sign-outs until the page comes back.
        this.#retry = setTimeout(() => {
          if (run === this.#run) this.#open();
        }, LINK_RETRY_MS);
      },
    );
  }

  #releaseDelivered(): void {
    for (const release of this.#deliveredWaiters.splice(0)) release();
  }

  #linkWith(flows: SessionFlows): TabLink {
    this.#link ??= new flows.TabLink(this.#context);
    return this.#link;
  }
}
