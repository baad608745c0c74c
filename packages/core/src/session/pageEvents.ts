/**
 * The page events after which the engine looks at its session again: the tab shown again (background tabs get
 * their timers throttled), the page back after it may have missed messages from the other tabs (restored from
 * the back-forward cache, or back online). Part of the session's chunk, started when the link to the other tabs
 * opens (whose resume covers what came before); another tab's logout mark is listened to from the start, in the
 * entry (`engineDoor.ts`). Nothing is listened to on the server. The record of a logout's navigation
 * (`pageDeparture.ts`) listens with its own, for the page shown again only.
 */

/** What the engine does after each kind of page event. */
export interface PageEventHandlers {
  /** The tab is shown again: timers may have run late. */
  shown(): void;
  /**
   * The page may have missed time and messages: restored from the back-forward cache, or back online (not with
   * `restoredOnly`).
   */
  resumed(): void;
  /** Not back online: a listener that cares whether the page is shown again, and online says nothing of that. */
  restoredOnly?: boolean;
}

/** Listens to the page's lifecycle while started; `stop()` removes every listener. */
export class PageEvents {
  #stop: (() => void) | null = null;

  /** Listens, calling `handlers`; idempotent. */
  start(handlers: PageEventHandlers): void {
    if (this.#stop !== null) return;
    const doc = globalThis.document as Document | undefined;
    const win = globalThis.window as Window | undefined;
    if (doc === undefined || typeof doc.addEventListener !== 'function') return;
    const onVisibilityChange = () => {
      if (doc.visibilityState === 'visible') handlers.shown();
    };
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) handlers.resumed();
    };
    const onOnline = () => handlers.resumed();
    doc.addEventListener('visibilitychange', onVisibilityChange);
    win?.addEventListener('pageshow', onPageShow);
    if (!handlers.restoredOnly) win?.addEventListener('online', onOnline);
    this.#stop = () => {
      doc.removeEventListener('visibilitychange', onVisibilityChange);
      win?.removeEventListener('pageshow', onPageShow);
      win?.removeEventListener('online', onOnline);
    };
  }

  stop(): void {
    this.#stop?.();
    this.#stop = null;
  }
}
