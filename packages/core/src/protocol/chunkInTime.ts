/**
 * The bound on a chunk's load, for both doors (`loadProtocolFlows.ts`, `loadSessionFlows.ts`). `import()` has no
 * timeout: a download that stalls (a captive portal, a dead mobile link) would leave every caller waiting for good,
 * the callback page's too, with the tokens Fief issued unvalidated.
 */
import { REQUEST_TIMEOUT_MS } from './transport.js';

/**
 * `loading`, or a rejection once it has not settled within a request's time ({@link REQUEST_TIMEOUT_MS}). The browser
 * may still finish the download: a later call of the door then takes the chunk.
 *
 * @example
 * ```ts
 * const flows = await chunkInTime(import('./protocolFlows.js'));
 * ```
 */
export function chunkInTime<T>(loading: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stalled = setTimeout(
      reject,
      REQUEST_TIMEOUT_MS,
      new Error(`no chunk within ${REQUEST_TIMEOUT_MS} ms`),
    );
    loading.then(resolve, reject).finally(() => clearTimeout(stalled));
  });
}
