/**
 * The page events after which the engine looks at its session again: the tab shown again (background tabs get
 * their timers throttled). Nothing is listened to on the server.
 */

/** Listens to the page's lifecycle while started; `stop()` removes every listener. */
export class PageEvents {
  #stop: (() => void) | null = null;

  /** Calls `onResume` whenever the page may have missed time. */
  start(onResume: () => void): void {
    if (this.#stop !== null) return;
    const doc = globalThis.document as Document | undefined;
    if (doc === undefined || typeof doc.addEventListener !== 'function') return;
    const onVisibilityChange = () => {
      if (doc.visibilityState === 'visible') onResume();
    };
    doc.addEventListener('visibilitychange', onVisibilityChange);
    this.#stop = () => doc.removeEventListener('visibilitychange', onVisibilityChange);
  }

  stop(): void {
    this.#stop?.();
    this.#stop = null;
  }
}
