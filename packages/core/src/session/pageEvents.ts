/**
 * The page events after which the engine looks at its session again: the tab shown again (background tabs get
 * their timers throttled), the page back after it may have missed messages from the other tabs (restored from
 * the back-forward cache, or back online). Part of the session's chunk, started when the link to the other tabs
 * opens (whose resume covers what came before); another tab's logout mark is listened to from the start, in the
 * entry (`engineDoor.ts`). Nothing is listened to on the server.
 */

/** What the engine does after each kind of page event. */
export interface PageEventHandlers {
  /** The tab is shown again: timers may have run late. */
  shown(): void;
  /** The page may have missed time and messages: restored from the back-forward cache, or back online. */
  resumed(): void;
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
    win?.addEventListener('online', onOnline);
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
