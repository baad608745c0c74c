/**
 * The one door to the protocol client's chunk loaded on demand (`protocolFlows.ts`): every module that needs it
 * calls {@link loadProtocolFlows}, so that it is one dynamic import of one module, and tests can hold it back to check
 * that nothing waits for it that must not (the token request on the callback page).
 */

import { chunkInTime } from './chunkInTime.js';
import { rejectChunkLoad } from './errors.js';

/** The exports of the protocol client's chunk loaded on demand. */
export type ProtocolFlows = typeof import('./protocolFlows.js');

/**
 * Starts loading the chunk (the browser loads it once; later calls share it). A load that fails rejects with a
 * `FiefError` of code `ERR_FIEF_CHUNK_LOAD` (see `chunkLoadError`). The empty handler only keeps a failed load from
 * being "unhandled" when it was started early and is awaited later; awaiting it still rejects.
 *
 * @example
 * ```ts
 * const { decodedIDToken } = await loadProtocolFlows();
 * ```
 */
export function loadProtocolFlows(): Promise<ProtocolFlows> {
  const loading = chunkInTime(import('./protocolFlows.js')).catch(rejectChunkLoad);
  loading.catch(() => {});
  return loading;
}
