/**
 * A tab that replaced a sign-in with a new one remembers what it spent of the one before (`SessionKeeper.set`,
 * `refreshLocked`), tells a tab still holding such a generation that it ended, and keeps quiet when it can answer
 * with the later sign-in instead (`tellEnded`), when the asker would adopt it. Sequences the model's random suites
 * found with `SignInAgain`.
 */

import { describe, expect, it, vi } from 'vitest';
import { loadSession } from '../sessionStore.js';
import { AdvanceClock, ComeBack, Deliver, GoAway, OpenTab, Unmount } from './modelCommands.js';
import { replay, useModelClock } from './modelRun.js';
import { SignInAgain } from './modelSignInAgain.js';
import { CLIENT, NS, spentThenReplacedByUnrenewable } from './stubFiefKit.js';

useModelClock();

describe('what a tab spent of the sign-in it replaced', () => {
  it('without shared storage, a tab back from the cache holding a generation of the sign-in before, spent by a tab that signed in again since, is told it ended (no-shared seed 6)', async () => {
    // Was: 'refresh token rt-1 sent twice'. Tab 1 refreshed sign-in 0 (rt-1 spent) while tab 0 was in the cache, and
    // the user signed in again in tab 2: tab 1 adopted sign-in 1, replacing generation 1 of sign-in 0 or dropping it
    // as it landed (the order varies), and forgot that rt-1 was spent. Sign-in 1 then ended; tab 0 came back holding
    // generation 0, asked, heard nothing of it, and sent rt-1. A tab now remembers what it spent of a sign-in it
    // replaced (`SessionKeeper.set`, `refreshLocked`), and tells a tab that names that generation it ended.
    await replay(
      [
        new OpenTab(),
        new Deliver(1),
        new OpenTab(),
        new GoAway(0, 'bfcache', 0),
        new SignInAgain(1, 55_000),
        new AdvanceClock(45_000),
        new Unmount(0, 55_000),
      ],
      { withSharedStorage: false },
      20_261_205,
    );
  });
  it('a tab back from the cache holding a generation that the tab which signed in again spent adopts the new sign-in without showing signed out (away seed 6)', async () => {
    // Was: 'tab 0 was signed out with no logout and no refused token', after this stop's fix for no-shared seed 6:
    // the tab that replaced sign-in 0 told tab 0 that its generation had ended before answering with sign-in 1, so
    // tab 0 showed signed out for a moment. A tab holding a later sign-in now answers with it alone.
    await replay(
      [
        new OpenTab(),
        new ComeBack(0, false, 55_000),
        new GoAway(0, 'bfcache', 0),
        new SignInAgain(0, 55_000),
        new Deliver(2),
      ],
      { withLocks: true },
      6,
      200,
    );
  }, 30_000); // 200 orders: about 5 s on a busy 2-core machine
  it('the same in the model: a sign-in without offline access, expired while the provider of the tab holding it was unmounted, does not keep the end from a tab back from the cache', async () => {
    await replay(
      [
        new OpenTab(),
        new Deliver(5),
        new GoAway(0, 'bfcache', 0),
        new AdvanceClock(55_000),
        new Deliver(5),
        new AdvanceClock(5_000),
        new SignInAgain(0, 1_000, false, false),
        new Deliver(5),
        new Unmount(0, 120_000),
        new ComeBack(0, false, 5_000),
      ],
      { withSharedStorage: false },
      20_261_205,
      10,
    );
  });
  it('without shared storage, a tab holding a later sign-in that the asker would refuse (expired, no refresh token) still tells a tab back from the cache that its generation was spent (helper 57)', async () => {
    // Was: 'refresh token rt-1 reused'. The unmounted tab A kept quiet about the end (it held a later sign-in) and
    // answered with sign-in 2, which C refused (expired, and without offline access it has no refresh token).
    const { fief, a, c } = await spentThenReplacedByUnrenewable();
    expect(fief.sent).toEqual(['rt-1']);
    expect(loadSession(a.storage, NS, CLIENT)?.sid).toBe('sid-2');
    await vi.advanceTimersByTimeAsync(120_000); // sign-in 2 expired: nothing can renew it
    c.auth.start();
    await vi.advanceTimersByTimeAsync(5_000);
    await c.auth.getAccessToken().catch(() => null);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(new Set(fief.sent).size).toBe(fief.sent.length);
    expect(c.auth.getSnapshot().status).toBe('anonymous');
    for (const t of [a, c]) t.auth.dispose();
  });
});
