/**
 * The model (`sessionModel.test.ts`) with one more command: the session's chunk fails to load (offline a moment) for
 * the next few loads. The same invariants hold: the link to the other tabs and the refresh driver, both loaded with
 * that chunk, must recover on their own.
 */

import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AdvanceClock,
  CloseTab,
  Deliver,
  Drain,
  Fault,
  modelCommands,
  OpenTab,
  Remount,
  TokenWhileUnmounted,
  UserInfo,
  Wake,
} from './modelCommands.js';
import { everyOrder, modelRuns, runModel, useModelClock } from './modelRun.js';
import { backOnline, ChunkOffline, outsideAnyPage } from './modelSessionChunk.js';

// Per page, as in a browser: a page that loaded the chunk has it for good; one that did not may fail to load it.
vi.mock('../loadSessionFlows.js', async (importOriginal) => {
  const { pageSessionFlows } = await import('./modelSessionChunk.js');
  return pageSessionFlows(await importOriginal());
});

const RUNS = modelRuns(1_000, 20_261_204);

useModelClock();
beforeEach(() => {
  outsideAnyPage.length = 0; // the chunk the clock's setup loads
});
afterEach(() => {
  expect(outsideAnyPage.slice(0, 1)).toEqual([]);
});

describe('the session engine, model-checked with a chunk that fails to load', () => {
  it('never sends a refresh token twice, never signs a tab out without a reason, and tabs agree', async () => {
    const commands = [
      ...modelCommands,
      fc.integer({ min: 1, max: 3 }).map((count) => new ChunkOffline(count)),
      fc.integer({ min: 1, max: 3 }).map((count) => new ChunkOffline(count)),
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.boolean(),
        fc.commands(commands, { maxCommands: 30, size: 'max' }),
        (s, w, c) => runModel(s, c, { withLocks: w, heal: backOnline }),
      ),
      RUNS,
    );
  }, 300_000);

  it('a tab opened while the session chunk failed to load once still gets the session of the open tabs', async () => {
    // seed -1504730012, path 10:5:3 (adversarial review): its link failed to open, it settled on anonymous, and
    // only an `online` or `pageshow` event would have opened the link again.
    await everyOrder(false, [new ChunkOffline(1), new OpenTab(), new AdvanceClock(500)], backOnline);
  });

  it('tabs agree once a refresh timer that ran late after a sleep meets a token request that never answers', async () => {
    // seed 1776997197, path 4420:3:8:11:12: the refresh timer fired 49.5 s after the wake and its token request
    // hung for its 30 s; the tabs agreed after that, later than the model waited for them.
    await everyOrder(
      false,
      [
        new OpenTab(),
        new ChunkOffline(1),
        new Fault('hang'),
        new AdvanceClock(500),
        new Wake(120_000),
        new UserInfo(0, false),
      ],
      backOnline,
    );
  });

  it('a tab left loading by a chunk that failed, then signed in by the others, settles (seed 50761014)', async () => {
    // Found at 761da1f; held since the failed link opens as soon as its chunk came with news (bc13543).
    await everyOrder(
      false,
      [
        new ChunkOffline(3),
        new TokenWhileUnmounted(0),
        new UserInfo(0, false),
        new Wake(120_000),
        new OpenTab(),
        new OpenTab(),
        new Fault('dropAfterAnswer'),
      ],
      backOnline,
    );
  });

  it('a tab whose link failed, waiting for the session another tab refreshed, opens its link to hear it (seed 1484705606)', async () => {
    await everyOrder(
      true,
      [new OpenTab(), new AdvanceClock(45_000), new ChunkOffline(3), new TokenWhileUnmounted(0), new Drain()],
      backOnline,
    );
  });

  // Found while the chunk was one for every tab: a tab that had loaded it failed to load it again after a remount, and
  // `loadedSessionFlows()` answered for a tab whose load had just failed. A browser's page has neither.
  it('a tab that loaded the chunk keeps it across a remount while another one fails to load it (seed -533600072)', async () => {
    await everyOrder(
      true,
      [
        new OpenTab(),
        new OpenTab(),
        new Fault('dropBeforeAnswer'),
        new AdvanceClock(500),
        new ChunkOffline(1),
        new CloseTab(0),
        new Remount(0),
        new Wake(120_000),
        new Deliver(1),
      ],
      backOnline,
    );
  });

  it('a tab whose chunk failed settles once the others answer, without Web Locks (seed -1488589379)', async () => {
    await everyOrder(
      false,
      [
        new ChunkOffline(2),
        new Remount(0),
        new UserInfo(0, false),
        new Deliver(1),
        new Wake(120_000),
        new ChunkOffline(1),
        new UserInfo(0, false),
        new OpenTab(),
        new ChunkOffline(1),
      ],
      backOnline,
    );
  });

  it('a tab whose link failed twice is waited for while another tab retries its refresh (seed 488103471)', async () => {
    // The drain stopped waiting when every tab showed no token for a moment (one retrying its refresh, in `error`),
    // before the twice-failed tab's link retry: a drain now waits out `error` too.
    await everyOrder(
      true,
      [
        new Fault('dropBeforeAnswer'),
        new ChunkOffline(2),
        new OpenTab(),
        new OpenTab(),
        new ChunkOffline(1),
        new Wake(120_000),
        new Drain(),
      ],
      backOnline,
    );
  });
});
