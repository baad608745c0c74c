/**
 * The page's address: where the callback reads the authorization response from, and cleans it from after.
 */

import { hasCallbackParams, removeCallbackParams } from './callbackParams.js';

/** The page's URL, or `null` where there is none (server, worker). */
export function currentHref(): string | null {
  const href = globalThis.location?.href;
  return typeof href === 'string' ? href : null;
}

/**
 * Removes `code`, `state` and the other response parameters from the address bar (no navigation, no history entry),
 * so that a reload or a shared link never replays them.
 *
 * @example
 * ```ts
 * cleanAddressBar(); // https://app.example/callback?code=…&state=… -> https://app.example/callback
 * ```
 */
export function cleanAddressBar(): void {
  const href = currentHref();
  if (href === null || !hasCallbackParams(href) || typeof globalThis.history?.replaceState !== 'function')
    return;
  globalThis.history.replaceState(globalThis.history.state, '', removeCallbackParams(href));
}
