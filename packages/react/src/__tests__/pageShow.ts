/**
 * Dispatches a `pageshow` on the window, as the browser does when it shows the page: `persisted` (the default) when
 * it comes back from the back-forward cache, not when it is a fresh load.
 *
 * @example
 * ```ts
 * pageShow(); // back from the back-forward cache
 * ```
 */
export function pageShow(persisted = true): void {
  const event = new Event('pageshow');
  Object.defineProperty(event, 'persisted', { value: persisted });
  window.dispatchEvent(event);
}
