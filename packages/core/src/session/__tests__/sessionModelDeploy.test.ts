/**
 * The model (`sessionModel.test.ts`) with reloads, some racing a deploy: the page loads the old build's entry, and
 * the session's chunk is gone from the server, for good. Such a page cannot refresh and is deaf to the other tabs'
 * messages until it is reloaded again: it must settle, never send a refresh token, and still end the sign-in when
 * another tab signs out (the `storage` event of the logout mark). The chunk may also fail a moment (offline). Tabs
 * talk through a `BroadcastChannel`, or, in browsers without one, through `storage` events.
 */

import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { modelCommands, ReloadTab } from './modelCommands.js';
import { modelRuns, runModel, useModelClock } from './modelRun.js';
import { backOnline, ChunkOffline, outsideAnyPage } from './modelSessionChunk.js';

vi.mock('../loadSessionFlows.js', async (importOriginal) => {
  const { pageSessionFlows } = await import('./modelSessionChunk.js');
  return pageSessionFlows(await importOriginal());
});

const RUNS = modelRuns(1_000, 20_261_204);

useModelClock();
beforeEach(() => {
  outsideAnyPage.length = 0;
});
afterEach(() => {
  expect(outsideAnyPage.slice(0, 1)).toEqual([]);
});

const chunkOffline = fc.integer({ min: 1, max: 3 }).map((count) => new ChunkOffline(count));
const reload = fc
  .tuple(fc.nat({ max: 3 }), fc.boolean())
  .map(([tab, sessionChunkGone]) => new ReloadTab(tab, sessionChunkGone));

describe('the session engine, model-checked with reloads during a deploy', () => {
  for (const withBroadcastChannel of [true, false]) {
    it(`never sends a refresh token twice, and every tab hears a logout (${withBroadcastChannel ? 'BroadcastChannel' : 'storage events'})`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.scheduler(),
          fc.boolean(),
          fc.commands([...modelCommands, reload, reload, chunkOffline], { maxCommands: 30, size: 'max' }),
          (s, w, c) => runModel(s, c, { withLocks: w, heal: backOnline, withBroadcastChannel }),
        ),
        RUNS,
      );
    }, 300_000);
  }
});
