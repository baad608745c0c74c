/**
 * Dispatches a `pagehide` or `pageshow` on the window, as the browser does: `persisted` when the page goes into the
 * back-forward cache (`pagehide`) or comes back from it (`pageshow`).
 *
 * @example
 * ```ts
 * pageTransition('pagehide'); // into the back-forward cache
 * pageTransition('pageshow'); // back from it
 * ```
 */
export function pageTransition(type: 'pagehide' | 'pageshow', persisted = true): void {
  const event = new Event(type);
  Object.defineProperty(event, 'persisted', { value: persisted });
  window.dispatchEvent(event);
}
