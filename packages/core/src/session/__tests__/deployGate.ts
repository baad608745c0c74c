/**
 * The protocol chunk as one page's module map holds it, for tests of a deploy that removes it from the server: loaded
 * for good, or failed for good (browsers remember a failed `import()`). A test file mocks the door with it:
 *
 * ```ts
 * vi.mock('../../protocol/loadProtocolFlows.js', async (importOriginal) =>
 *   (await import('./deployGate.js')).gatedProtocolDoor(importOriginal),
 * );
 * ```
 */

import { vi } from 'vitest';
import { chunkLoadError } from '../../protocol/errors.js';

/** This page's protocol chunk, and whether the deploy removed it from the server; reset after each test. */
export const deployedPage = {
  chunk: 'unloaded' as 'unloaded' | 'loaded' | 'failed',
  deployed: false,
};

/** The door `loadProtocolFlows` behind {@link deployedPage}; a failed load rejects as the real door does. */
export async function gatedProtocolDoor(importOriginal: <T>() => Promise<T>) {
  const actual = await importOriginal<typeof import('../../protocol/loadProtocolFlows.js')>();
  return {
    ...actual,
    loadProtocolFlows: vi.fn(() => {
      if (deployedPage.chunk === 'unloaded') deployedPage.chunk = deployedPage.deployed ? 'failed' : 'loaded';
      return deployedPage.chunk === 'loaded'
        ? actual.loadProtocolFlows()
        : Promise.reject(chunkLoadError(new TypeError('Failed to fetch dynamically imported module')));
    }),
  };
}

/** A new page, before the deploy. */
export function resetDeployedPage(): void {
  deployedPage.chunk = 'unloaded';
  deployedPage.deployed = false;
}
