/**
 * The page events after which the engine looks at its session again: the tab shown again (background tabs get
 * their timers throttled), the page back after it may have missed messages from the other tabs (restored from
 * the back-forward cache, or back online), and another tab's write to `localStorage` (its logout mark). Nothing is
 * listened to on the server.
 */

/** What the engine does after each kind of page event. */
export interface PageEventHandlers {
  /** The tab is shown again: timers may have run late. */
  shown(): void;
  /** The page may have missed time and messages: restored from the back-forward cache, or back online. */
  resumed(): void;
  /** Another tab signed out: it wrote the logout mark (or cleared `localStorage`). */
  loggedOutElsewhere(): void;
}

/** Listens to the page's lifecycle while started; `stop()` removes every listener. */
export class PageEvents {
  #stop: (() => void) | null = null;

  /** `logoutMarkKey`: the `localStorage` key of the engine's logout mark. */
  start(logoutMarkKey: string, handlers: PageEventHandlers): void {
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
    // Which storage changed does not matter: the handler reads the mark itself.
    const onStorage = ({ key }: StorageEvent) => {
      if (key === null || key === logoutMarkKey) handlers.loggedOutElsewhere();
    };
    doc.addEventListener('visibilitychange', onVisibilityChange);
    win?.addEventListener('pageshow', onPageShow);
    win?.addEventListener('online', onOnline);
    win?.addEventListener('storage', onStorage);
    this.#stop = () => {
      doc.removeEventListener('visibilitychange', onVisibilityChange);
      win?.removeEventListener('pageshow', onPageShow);
      win?.removeEventListener('online', onOnline);
      win?.removeEventListener('storage', onStorage);
    };
  }

  stop(): void {
    this.#stop?.();
    this.#stop = null;
  }
}
