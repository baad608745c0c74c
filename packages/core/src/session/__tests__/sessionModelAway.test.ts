/**
 * The model with pages that go away and come back having missed news (`modelAway.ts`): into the back-forward cache
 * or frozen, while the other tabs refresh and sign out. With shared storage the spent mark tells a page back of a
 * refresh; without (storage blocked), only the other tabs' answers do, so a page back asks them before it spends its
 * refresh token (`TabSync.behind`: helper 42's finding, until now an example test only).
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AwayKind } from './modelAway.js';
import {
  AdvanceClock,
  ComeBack,
  Deliver,
  Fault,
  GetAccessToken,
  GoAway,
  Mount,
  modelCommands,
  OpenTab,
  TokenWhileUnmounted,
  Unmount,
} from './modelCommands.js';
import { modelRuns, replay, runModel, useModelClock } from './modelRun.js';
import { SignInAgain, signInAgainCommand } from './modelSignInAgain.js';
import { MAX_TABS } from './modelWorld.js';

const RUNS = modelRuns(300, 20_261_204);

useModelClock();

const tabIndex = fc.nat({ max: MAX_TABS - 1 });

/** Pages going away and coming back as often as token requests, with time running after each. */
const awayCommands = [
  fc
    .tuple(tabIndex, fc.constantFrom<AwayKind>('bfcache', 'frozen'), fc.constantFrom(0, 5_000, 55_000))
    .map(([tab, kind, ms]) => new GoAway(tab, kind, ms)),
  fc
    .tuple(tabIndex, fc.boolean(), fc.constantFrom(0, 5_000, 55_000))
    .map(([tab, first, ms]) => new ComeBack(tab, first, ms)),
];

describe('pages that come back from the back-forward cache or a freeze, having missed news', () => {
  it('never sends a refresh token twice, never signs a tab out without a reason, and tabs agree', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.boolean(),
        fc.commands([...modelCommands, ...awayCommands, signInAgainCommand], {
          maxCommands: 30,
          size: 'max',
        }),
        (scheduler, withLocks, commands) => runModel(scheduler, commands, { withLocks }),
      ),
      RUNS,
    );
    expect(RUNS.numRuns).toBeGreaterThanOrEqual(1);
  }, 300_000);

  it('without shared storage: never sends a refresh token twice, never signs a tab out without a reason, and tabs agree', async () => {
    // A page away during a sign-out hears it once back, from a tab that knows (`endedSignIns.ts`), while one is left.
    const commands = [...modelCommands, ...awayCommands, signInAgainCommand];
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.commands(commands, { maxCommands: 30, size: 'max' }),
        (scheduler, commands) => runModel(scheduler, commands, { withSharedStorage: false }),
      ),
      RUNS,
    );
    expect(RUNS.numRuns).toBeGreaterThanOrEqual(1);
  }, 300_000);
});

describe('a page back from the back-forward cache, by name', () => {
  it('without shared storage, asks the tabs before it spends the refresh token another tab spent meanwhile (helper 42)', async () => {
    // Tab 0 goes into the cache; tab 1 refreshes rt-1 and its news never reaches tab 0; tab 0 comes back with rt-1
    // due. Its question from before no longer counts (`TabSync.behind`): without that, it sent rt-1 again.
    const commands = [
      new OpenTab(),
      new AdvanceClock(500),
      new GoAway(0, 'bfcache', 55_000),
      new Deliver(1),
      new AdvanceClock(5_000),
      new Deliver(1),
      new AdvanceClock(5_000),
    ];
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.scheduler(), (visibilityFirst, scheduler) =>
        runModel(scheduler, [...commands, new ComeBack(0, visibilityFirst, 5_000)], {
          withSharedStorage: false,
        }),
      ),
      { seed: 20_261_204, numRuns: 40 },
    );
  });

  it('without shared storage, a page back from the cache while the tab that spent its refresh token is away too sends it again, as after that tab closed', async () => {
    // Tab 1 goes into the cache holding rt-1; tab 0 refreshes (rt-1 spent) and goes into the cache too; tab 1 comes
    // back, asks, hears nothing, and sends rt-1: nothing can tell it (no spent mark, every tab that knows is away).
    // Holding back would leave a lone tab back from the cache unable ever to refresh. Fief refuses rt-1, the sign-in
    // ends, and the tabs agree once tab 0 is back (`modelUnheardSpends.ts`).
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.scheduler(), (visibilityFirst, scheduler) =>
        runModel(
          scheduler,
          [
            new OpenTab(),
            new AdvanceClock(500),
            new GoAway(1, 'bfcache', 0),
            new AdvanceClock(55_000),
            new Deliver(1),
            new AdvanceClock(5_000),
            new GoAway(0, 'bfcache', 0),
            new ComeBack(1, visibilityFirst, 5_000),
          ],
          { withSharedStorage: false },
        ),
      ),
      { seed: 20_261_204, numRuns: 40 },
    );
  });

  it('without shared storage, a page back from the cache that reads an answer sent before tab 0 spent its refresh token, with tab 0 away, sends it again (seed 53007)', async () => {
    // Tab 1 asks and goes into the cache before tab 0's answer (rt-1) lands; tab 0 refreshes (rt-1 spent) and goes
    // into the cache too; tab 1 comes back, reads the stale answer, waits for news that cannot come, and sends rt-1.
    // The same case as the one above: the only tab that knows is away.
    await replay(
      [
        new OpenTab(),
        new Deliver(1),
        new GoAway(3, 'bfcache', 0),
        new Mount(0, 55_000),
        new Deliver(1),
        new AdvanceClock(500),
        new GoAway(0, 'bfcache', 0),
        new ComeBack(1, false, 55_000),
      ],
      { withSharedStorage: false },
      20_261_204,
    );
  });

  it('without shared storage, a provider unmounted as another tab spends a refresh token and loses the answer does not resend it (seed 1326037589)', async () => {
    // Tab 1 sends rt-1, Fief rotates it, the answer is lost: tab 1 ends the sign-in and tells the tabs. Tab 0, back
    // from the cache with its provider unmounted, heard nothing; asked for a token, it asks the tabs before it spends
    // rt-1. Its question now names its sign-in, and tab 1 answers with the end: before, it sent rt-1 again.
    await replay(
      [
        new Fault('dropAfterAnswer'),
        new OpenTab(),
        new GoAway(0, 'bfcache', 0),
        new ComeBack(0, false, 0),
        new Unmount(0, 0),
        new ComeBack(0, false, 55_000),
        new Deliver(1),
        new TokenWhileUnmounted(3),
      ],
      { withSharedStorage: false },
      20_261_204,
    );
  });

  it('without shared storage, a callback page holding a generation spent by a tab that closed since, whose answer no open tab showed, may send it again (helper 60, seed 6060605)', async () => {
    // Was: 'refresh token rt-2 sent twice'. Callback page 1 left for Fief's login page as tab 2's news of its refresh
    // of rt-2 was on its way, and tab 2 left too, with the only copy of what came after. Callback page 3 got page 1's
    // stored rt-2: no open tab knew it was spent, and a page that never refreshed would be stuck. The model excuses a
    // resend when the page that sent it closed and no open tab showed its answer or anything later.
    await replay(
      [
        new AdvanceClock(45_000),
        new SignInAgain(0, 1_000, true),
        new ComeBack(0, true, 55_000),
        new GoAway(0, 'frozen', 0),
        new OpenTab(),
        new ComeBack(1, false, 5_000),
        new Mount(1, 0),
        new GetAccessToken(0),
        new Deliver(1),
        new SignInAgain(0, 55_000, true),
        new SignInAgain(0, 1_000),
      ],
      { withSharedStorage: false },
      6_060_605,
      10,
    );
  });
});
