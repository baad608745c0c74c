/**
 * The model with the channel a page closes in the back-forward cache (`cachedPageChannel.ts`, commit 44d2ce0): the
 * page goes on `pagehide` (sometimes fired twice), comes back on `pageshow` (sometimes twice), its provider unmounts
 * and mounts again (StrictMode's start/dispose), with and without shared storage and `BroadcastChannel`. After every
 * step: no refresh token sent twice to Fief, no signed-out sign-in back, and every page shown with its engine started
 * hears the others through one channel, none open while cached (`modelTabChannels.ts`).
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AwayKind } from './modelAway.js';
import { ComeBack, GoAway, logoutCommand, Mount, modelCommands, OpenTab, Unmount } from './modelCommands.js';
import { modelRuns, replay, runModel, useModelClock } from './modelRun.js';
import { signInAgainCommand } from './modelSignInAgain.js';
import { MAX_TABS } from './modelWorld.js';

const RUNS = modelRuns(150, 44_020_446);

useModelClock();

const tabIndex = fc.nat({ max: MAX_TABS - 1 });

/** Pages cached and shown as often as anything else, their providers unmounted and mounted around it. */
const cacheCommands = [
  fc
    .tuple(
      tabIndex,
      fc.constantFrom<AwayKind>('bfcache', 'bfcache', 'frozen'),
      fc.constantFrom(0, 5_000, 55_000),
    )
    .chain(([tab, kind, ms]) => fc.boolean().map((twice) => new GoAway(tab, kind, ms, twice))),
  fc
    .tuple(tabIndex, fc.boolean(), fc.constantFrom(0, 5_000, 55_000), fc.boolean())
    .map(([tab, first, ms, twice]) => new ComeBack(tab, first, ms, twice)),
  fc.tuple(tabIndex, fc.constantFrom(0, 5_000)).map(([tab, ms]) => new Unmount(tab, ms)),
  fc.tuple(tabIndex, fc.constantFrom(0, 5_000)).map(([tab, ms]) => new Mount(tab, ms)),
  logoutCommand,
];

const commands = fc.commands([...modelCommands, ...cacheCommands, signInAgainCommand], {
  maxCommands: 30,
  size: 'max',
});

describe('pages whose channel is closed in the back-forward cache, among tabs that refresh and sign out', () => {
  for (const [title, setup] of [
    ['with shared storage', {}],
    // Without shared storage, only Web Locks keep two tabs from spending one refresh token (`TabSyncOptions.shared`).
    ['without shared storage', { withSharedStorage: false, withLocks: true }],
    ['without BroadcastChannel (storage events)', { withBroadcastChannel: false }],
  ] as const) {
    it(`${title}: no refresh token twice, no sign-out undone, every page shown hears the others`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.scheduler(), fc.boolean(), commands, (scheduler, withLocks, sequence) =>
          runModel(scheduler, sequence, { withLocks, ...setup }),
        ),
        RUNS,
      );
      expect(RUNS.numRuns).toBeGreaterThanOrEqual(1);
    }, 600_000);
  }
});

describe('found by this model, not fixed', () => {
  // Neither Web Locks nor shared storage (no lease, no spent mark): nothing keeps two tabs from spending one refresh
  // token at the same time, cache or not (found at seed 44020446 with `withLocks: false` and no shared storage). No
  // other suite runs that browser; `TabSyncOptions.shared` documents the race it leaves. Fief then revokes the grant.
  it.fails('without Web Locks and shared storage, two tabs may both send the same refresh token', async () => {
    await replay(
      [new OpenTab(), new Mount(0, 55_000)],
      { withLocks: false, withSharedStorage: false },
      44_020_446,
    );
  });
});
