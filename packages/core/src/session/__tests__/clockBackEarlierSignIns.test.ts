/**
 * No shared storage: a sign-out, then the clock set back past it (by less than the future-claim tolerance, so that a
 * restored copy is not refused for that alone). A login made after the set-back claims an earlier time than the
 * sign-out and is adopted (clockBackAfterHeardSignOut.dom.test.ts); the sign-ins made before the sign-out stay
 * ended: those the signer held by sid, the others by the sign-out's moment as the clock names it now.
 */

import { describe, expect, it, vi } from 'vitest';
import { useModelClock } from './modelRun.js';
import { keeperWithoutSharedStorage, sampleSession } from './sessionFixtures.js';
import { InTestTabs, StubFief, signedOutWhileAway, tab } from './stubFiefKit.js';

useModelClock();

describe('no shared storage: a sign-out, then the clock set back past it', () => {
  it('a page restored with a generation of the sign-in signed out of is told it ended (by sid)', async () => {
    const fief = new StubFief();
    const tabs = new InTestTabs();
    const first = fief.session('sid-1');
    const a = tab(fief, tabs, first, null);
    const c = tab(fief, tabs, first, null); // a page in the back-forward cache: not started
    a.auth.start();
    await vi.advanceTimersByTimeAsync(55_000); // A refreshes: rt-1 spent, C still holds it
    expect(fief.sent).toEqual(['rt-1']);
    await a.auth.logout('https://app.test/').catch(() => {});
    await vi.advanceTimersByTimeAsync(1_000);
    vi.setSystemTime(Date.now() - 30_000);
    c.auth.start();
    await vi.advanceTimersByTimeAsync(2_000);
    await c.auth.getAccessToken().catch(() => null);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fief.sent).toEqual(['rt-1']);
    expect([a.auth.getSnapshot().status, c.auth.getSnapshot().status]).toEqual(['anonymous', 'anonymous']);
    for (const t of [a, c]) t.auth.dispose();
  });

  it('a page restored with an older sign-in the signer never held is told it ended, and not adopted by the signer', async () => {
    const { fief, away: c, signer: a } = await signedOutWhileAway();
    vi.setSystemTime(Date.now() - 15_000); // now 6 s after sid-0 was created, 15 s before the sign-out
    c.auth.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect({ a: a.auth.getSnapshot().status, c: c.auth.getSnapshot().status, sent: fief.sent }).toEqual({
      a: 'anonymous',
      c: 'anonymous',
      sent: [],
    });
    for (const t of [a, c]) t.auth.dispose();
  });
});

it('a tab that heard the sign-out refuses a sign-in made before it, and adopts one made after the set-back', async () => {
  const signedOutAt = Date.now();
  const { keeper, clock } = keeperWithoutSharedStorage();
  keeper.heardSignOut({ sid: 'sid-1', createdAt: signedOutAt });
  await vi.advanceTimersByTimeAsync(1_000);
  clock.offset = -15_000; // the sign-out was 1 s ago: 14 s ahead of the clock now
  const before = sampleSession(signedOutAt - 20_000, { sid: 's'.repeat(24) }); // never held here
  expect(keeper.offer(before, { broadcast: false })).toBe(false);
  const after = sampleSession(clock.now(), { sid: 'n'.repeat(24) });
  expect(keeper.offer(after, { broadcast: false })).toBe(true);
});
