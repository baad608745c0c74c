/**
 * The model with `localStorage` slower than the lease's bound: a write takes up to 400 ms to reach another page (a
 * starved machine, an old browser), where the lease (`leaseLock.ts`) stays exclusive only under about 125 ms. Two
 * tabs may then both send one refresh token. Against Fief as it is (a reused refresh token refused, its grant kept),
 * that must cost nothing more: the tab refused keeps the other tab's session (`spentBeside.ts`), no tab is signed out
 * without a logout, and the tabs agree.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CloseTab,
  ComeBack,
  Deliver,
  GoAway,
  Mount,
  modelCommands,
  OpenTab,
  Unmount,
} from './modelCommands.js';
import { type ModelRunSetup, modelRuns, replay, runModel, useModelClock } from './modelRun.js';

const RUNS = modelRuns(60, 20_261_206);
/** Over three times the lease's bound. */
const SLOW_STORAGE_MS = 400;
/** Without Web Locks, `localStorage` that slow, and Fief that keeps the grant when a refresh token is reused. */
const SLOW_STORAGE: ModelRunSetup = {
  withLocks: false,
  delayedStorage: true,
  storagePropagationMs: SLOW_STORAGE_MS,
  fiefKeepsGrantOnReuse: true,
};

useModelClock();

describe('without Web Locks, with localStorage slower than the lease bound, against Fief (grant kept on reuse)', () => {
  it('never signs a tab out without a reason, never hands out an expired token, and tabs agree', async () => {
    let resent = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.boolean(),
        fc.commands(modelCommands, { maxCommands: 30, size: 'max' }),
        (scheduler, withBroadcastChannel, commands) =>
          runModel(scheduler, commands, {
            ...SLOW_STORAGE,
            withBroadcastChannel,
            heal: (world) => {
              resent += world?.fief.resent ?? 0;
            },
          }),
      ),
      RUNS,
    );
    expect(RUNS.numRuns).toBeGreaterThanOrEqual(1);
    // The runs reach what this suite is for: tabs that sent one refresh token twice.
    expect(resent).toBeGreaterThan(0);
  }, 300_000);
});

describe('races the model found with localStorage slower than the lease bound', () => {
  it('three tabs sent rt-2; the one refused after adopting the answer tells the end of generation 1 with the session after it (seed 744563808)', async () => {
    // The tab that had adopted generation 2 heard a copy of generation 1 from the third tab, still waiting for that
    // answer, and told every tab that generation 1 ended: the third tab showed signed out until generation 2 came.
    await replay(
      [
        new GoAway(1, 'frozen', 0),
        new Deliver(1),
        new CloseTab(0),
        new OpenTab(),
        new Deliver(3),
        new Unmount(0, 0),
        new Mount(2, 55_000),
        new OpenTab(),
        new ComeBack(2, true, 55_000),
      ],
      { ...SLOW_STORAGE, withBroadcastChannel: false },
      20_261_206,
    );
  }, 120_000);
});
