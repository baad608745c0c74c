/**
 * The model where the engines get no `localStorage` (blocked by the user or the browser): no spent mark, no logout
 * mark, no lease. Only the tabs' messages tell of a refresh or a sign-out, so a tab asks the others before it spends
 * its refresh token unless it heard them since long enough (`TabSync.caughtUp`, on the model's `performance` clock),
 * and the tab that spent one holds the Web Lock until its news has landed. Web Locks are there, as in every browser
 * with a `BroadcastChannel`: without both, nothing keeps two tabs from refreshing at once.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CloseTab,
  ComeBack,
  type Command,
  Deliver,
  Drain,
  Fault,
  GetAccessToken,
  GoAway,
  Logout,
  logoutCommand,
  Mount,
  modelCommands,
  OpenTab,
  Remount,
  TokenWhileUnmounted,
  UserInfo,
  Wake,
} from './modelCommands.js';
import { modelRuns, runModel, useModelClock } from './modelRun.js';

const RUNS = modelRuns(300, 20_261_204);

useModelClock();

/** One run of `commands` in a browser whose tabs share no storage. */
function runWithoutSharedStorage(scheduler: fc.Scheduler, commands: Iterable<Command>): Promise<void> {
  return runModel(scheduler, true, commands, undefined, true, false, false);
}

/**
 * Every command but `Logout`: without a logout mark, a sign-out posted while a tab could not hear it (away, opening,
 * or its answer already on its way) never reaches it (the known failures below).
 */
const commands = modelCommands.filter((command) => command !== logoutCommand);

describe('without a storage shared by the tabs', () => {
  it('never sends a refresh token twice, never signs a tab out without a reason, and tabs agree', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.commands(commands, { maxCommands: 30, size: 'max' }),
        (scheduler, commands) => runWithoutSharedStorage(scheduler, commands),
      ),
      RUNS,
    );
    expect(RUNS.numRuns).toBeGreaterThanOrEqual(1);
  }, 300_000);
});

/** Runs `commands` under many orders of answers and messages (a fixed seed: the same orders on every run). */
async function everyOrder(commands: Command[]): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.scheduler(), (scheduler) => runWithoutSharedStorage(scheduler, commands)),
    { seed: 20_261_204, numRuns: 40 },
  );
}

describe('sequences the model found without a storage shared by the tabs', () => {
  it('the tab next in the lock hears that a refresh token was spent, its answer lost, before it resends it (seed 294255584)', async () => {
    // Both tabs due at once: A sends rt-1, Fief rotates it, the answer is cut off, A ends the sign-in and releases
    // the lock; B, which asked the tabs long ago (caught up), sent rt-1 before A's news landed.
    await everyOrder([new OpenTab(), new Fault('dropAfterAnswer'), new Mount(0, 55_000)]);
  });

  it('a tab that signs out while it waits for the answers of the others does not adopt the answer (seed 1335962435)', async () => {
    // B opened and asked; B signed out before A's answer, posted before A heard the sign-out, landed: B adopted it.
    await everyOrder([new OpenTab(), new Logout(1), new Drain()]);
  });

  it('a token request on its way as its tab closes may be sent again by another tab, which cannot know (seed -1761098905)', async () => {
    // Not an engine fault: with no spent mark, nothing tells B that A's page spent rt-1 as it closed; Fief refuses
    // the resend, and the sign-in ends, as it would have (its next refresh token went with A). The model allows it.
    await everyOrder([
      new OpenTab(),
      new TokenWhileUnmounted(0),
      new GetAccessToken(0),
      new CloseTab(0),
      new Wake(120_000),
      new TokenWhileUnmounted(0),
    ]);
  });
});

/**
 * Known flaws, left for a design decision (helper 43): without a logout mark or a spent mark, the end of a sign-in (a
 * sign-out, or a refresh token spent and its answer lost) reaches only the tabs that hear its message. A tab that
 * opens after it was posted, or is in the back-forward cache then, may adopt (or keep) the session, and may then send
 * its dead refresh token (Fief refuses it: the sign-in ends there). Each test checks the flaw is still there, and
 * fails once it is fixed: then make it a regression test.
 */
async function stillBroken(commands: Command[], broken: string): Promise<void> {
  const error = await everyOrder(commands).then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(String((error as { cause?: unknown } | null)?.cause)).toContain(broken);
}

describe('known: without shared storage, the end of a sign-in misses the tabs that could not hear it', () => {
  it('a tab opened as another signs out adopts the answer a third tab posted before it heard (seed 20261204)', async () => {
    await stillBroken(
      [new OpenTab(), new OpenTab(), new Logout(1), new Drain()],
      'tab 2 still shows a token after a logout',
    );
  });

  it('a tab in the back-forward cache during a sign-out comes back signed in (seed 20261204)', async () => {
    await stillBroken(
      [new GoAway(0, 'bfcache', 0), new OpenTab(), new Logout(0), new GetAccessToken(0)],
      'tab 0 still shows a token after a logout',
    );
  });

  it('a tab back from the cache, refreshed and signed out meanwhile, sends its spent refresh token (seed 20261204)', async () => {
    await stillBroken(
      [
        new OpenTab(),
        new Deliver(1),
        new GoAway(0, 'bfcache', 55_000),
        new Deliver(1),
        new Mount(0, 55_000),
        new Logout(0),
        new ComeBack(0, false, 0),
      ],
      'refresh token rt-1 sent twice',
    );
  });

  it('a tab opened as a refresh token is spent and lost adopts it from a tab that passes it on, and resends it (random run)', async () => {
    // The same flaw for the end of a sign-in that a spent, lost refresh token brings (seed not kept: replayed here
    // under the suite's orders).
    await stillBroken(
      [
        new Wake(120_000),
        new Drain(),
        new OpenTab(),
        new Remount(3),
        new Fault('dropAfterAnswer'),
        new Deliver(3),
        new GetAccessToken(2),
        new OpenTab(),
        new UserInfo(2, true),
      ],
      'refresh token rt-1 sent twice',
    );
  });

  it('a tab in the back-forward cache as a refresh token is spent and lost comes back with it, and resends it (random run)', async () => {
    await stillBroken(
      [
        new Fault('dropAfterAnswer'),
        new OpenTab(),
        new ComeBack(0, false, 55_000),
        new OpenTab(),
        new Remount(0),
        new GoAway(2, 'bfcache', 55_000),
        new Drain(),
      ],
      'refresh token rt-1 sent twice',
    );
  });
});
