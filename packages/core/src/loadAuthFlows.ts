/**
 * The one door to the chunk loaded on demand (`authFlows.ts`): every module that needs it calls
 * {@link loadAuthFlows}, so that it is one dynamic import of one module, and tests can hold it back to check that
 * nothing waits for it that must not (the token request on the callback page).
 */

/** The exports of the chunk loaded on demand. */
export type AuthFlows = typeof import('./authFlows.js');

/**
 * Starts loading the chunk (the browser loads it once; later calls share it). The empty handler only keeps a
 * failed load from being "unhandled" when it was started early and is awaited later; awaiting it still rejects.
 *
 * @example
 * ```ts
 * const { sessionTokens } = await loadAuthFlows();
 * ```
 */
export function loadAuthFlows(): Promise<AuthFlows> {
  const loading = import('./authFlows.js');
  loading.catch(() => {});
  return loading;
}
