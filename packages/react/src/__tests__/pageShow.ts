import { vi } from 'vitest';

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

/**
 * How many `pageshow` listeners the page holds now, counting from here (spies on `window`'s add and remove; restore
 * them with `vi.restoreAllMocks()`).
 *
 * @example
 * ```ts
 * const held = pageShowListeners();
 * expect(held()).toBe(0);
 * ```
 */
export function pageShowListeners(): () => number {
  let count = 0;
  const add = window.addEventListener.bind(window);
  const remove = window.removeEventListener.bind(window);
  vi.spyOn(window, 'addEventListener').mockImplementation((type, listener, options) => {
    if (type === 'pageshow') count += 1;
    add(type, listener, options);
  });
  vi.spyOn(window, 'removeEventListener').mockImplementation((type, listener, options) => {
    if (type === 'pageshow') count -= 1;
    remove(type, listener, options);
  });
  return () => count;
}
