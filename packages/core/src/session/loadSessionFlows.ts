/**
 * The one door to the session engine's chunk loaded on demand (`sessionFlows.ts`): every module that needs it calls
 * {@link loadSessionFlows}, so that it is one dynamic import of one module, and tests can hold it back to check that
 * nothing waits for it that must not (the token request on the callback page).
 */

/** The exports of the session engine's chunk loaded on demand. */
export type SessionFlows = typeof import('./sessionFlows.js');

import { chunkInTime } from '../protocol/chunkInTime.js';

/**
 * Starts loading the chunk (the browser loads it once; later calls share it). A load that has not arrived after a
 * request's time (30 s) rejects, so that no caller waits for good (`chunkInTime.ts`). The empty handler only keeps a
 * failed load from being "unhandled" when it was started early and is awaited later; awaiting it still rejects.
 *
 * @example
 * ```ts
 * const { SessionEngine } = await loadSessionFlows();
 * ```
 */
export function loadSessionFlows(): Promise<SessionFlows> {
  const importing = import('./sessionFlows.js');
  // Attached first, so it runs before the callers' own handlers: they find the chunk in `loadedSessionFlows()`. On
  // the download itself, not the bound: a chunk that arrives after its load gave up is still taken.
  importing.then(
    (flows) => {
      loaded = flows;
    },
    () => {},
  );
  const loading = chunkInTime(importing);
  loading.catch(() => {});
  return loading;
}

let loaded: SessionFlows | null = null;

/** The chunk, once a {@link loadSessionFlows} brought it; `null` before. */
export function loadedSessionFlows(): SessionFlows | null {
  return loaded;
}
