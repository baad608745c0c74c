/**
 * The door to the session's chunk with both its functions spied on, for `vi.mock('../loadSessionFlows.js', ...)`: a
 * test makes the chunk slow or failing (`loadSessionFlows`), or not there yet in this page (`loadedSessionFlows`
 * returning `null`, though an earlier test of the file loaded it in the module map).
 *
 * @example
 * ```ts
 * vi.mock('../loadSessionFlows.js', (original) => import('./sessionFlowsSpies.js').then((kit) => kit.spied(original)));
 * ```
 */

import { afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { chunkInTime } from '../../protocol/chunkInTime.js';

type SessionFlowsDoor = typeof import('../loadSessionFlows.js');

export async function spied(importOriginal: () => Promise<unknown>): Promise<SessionFlowsDoor> {
  const actual = (await importOriginal()) as SessionFlowsDoor;
  return {
    ...actual,
    loadSessionFlows: vi.fn(actual.loadSessionFlows),
    loadedSessionFlows: vi.fn(actual.loadedSessionFlows),
  };
}

/**
 * A load of the chunk whose download never ends (`import()` has no timeout), under the door's bound: it fails after a
 * request's time (`sessionChunkStalled.test.ts` checks the door applies it).
 */
export const stalledLoad = (): Promise<never> => chunkInTime(new Promise<never>(() => {}));

/** A load of the chunk that fails (offline, or removed by a deploy). */
export const failedLoad = (): Promise<never> => Promise.reject(new TypeError('Failed to fetch'));

/**
 * The page of a test whose session chunk comes (or not) as the test says, over the door `spied` made (`door`: the
 * test's import of `../loadSessionFlows.js`). The real chunk is loaded once before fake time (its first import is
 * real I/O), each test runs in fake time, and the door loads the real chunk again after each.
 *
 * @example
 * ```ts
 * const page = await pageWithoutChunk(door);
 * page.withoutChunk(stalledLoad); // this page has not got the chunk, and its download stalls
 * ```
 */
export async function pageWithoutChunk(door: SessionFlowsDoor) {
  const actual = await vi.importActual<SessionFlowsDoor>('../loadSessionFlows.js');
  const loaded = vi.mocked(door.loadedSessionFlows);
  const load = vi.mocked(door.loadSessionFlows);
  const withChunk = (): void => {
    loaded.mockImplementation(actual.loadedSessionFlows);
    load.mockImplementation(actual.loadSessionFlows);
  };
  beforeAll(async () => {
    await actual.loadSessionFlows();
  });
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    withChunk();
  });
  return {
    actual,
    /** The spied load, for a test that chains its own answers. */
    load,
    /** From now on this page has not got the chunk (though the module map has), and a load of it runs `loading`. */
    withoutChunk(loading: SessionFlowsDoor['loadSessionFlows'] = actual.loadSessionFlows): void {
      loaded.mockReturnValue(null);
      load.mockImplementation(loading);
    },
    /** The chunk is there again, as the real door says. */
    withChunk,
  };
}
