/**
 * No shared storage: the clock ahead of true time (set forward, or wrong from boot) while the user signs in and later
 * signs out, then put right (time synchronization) while a page holding that earlier sign-in is away. The sign-in
 * was made before the sign-out: it should stay ended, whatever the clock said of either.
 */

import { expect, it, vi } from 'vitest';
import { useModelClock } from './modelRun.js';
import { signedOutWhileAway } from './stubFiefKit.js';

useModelClock();

const AHEAD_MS = 120_000;

/**
 * The story: signed in with the clock 2 min ahead (the page of that sign-in goes into the back-forward cache), signed
 * in again in another tab and signed out there 21 s after the first sign-in was made, the clock put right, and the
 * page back `awayAfterFixMs` after that. Returns both tabs' statuses and the refresh tokens sent.
 */
async function restoredAfterClockFix(awayAfterFixMs: number) {
  vi.setSystemTime(Date.now() + AHEAD_MS); // the clock 2 min ahead
  const { fief, away: p, signer: a } = await signedOutWhileAway();
  vi.setSystemTime(Date.now() - AHEAD_MS); // put right: the sign-out 21 s after sid-0 was created, by either clock
  await vi.advanceTimersByTimeAsync(awayAfterFixMs);
  p.auth.start();
  await vi.advanceTimersByTimeAsync(60_000);
  const outcome = { a: a.auth.getSnapshot().status, p: p.auth.getSnapshot().status, sent: fief.sent };
  for (const t of [a, p]) t.auth.dispose();
  return outcome;
}

const signedOutEverywhere = { a: 'anonymous', p: 'anonymous', sent: [] };

// Helper 65 found this undone by 6d9c23a, which moved the sign-out's time to its moment as the monotonic clock names
// it whenever the time was used: 2 min earlier here, while the sign-in kept the time the clock ahead gave it, so it
// read as made after the sign-out. That change is reverted (see clockBackPageAway.test.ts for what it fixed).
it('a page restored with a sign-in made before the sign-out, once the clock passed the sign-out again: told it ended', async () => {
  expect(await restoredAfterClockFix(AHEAD_MS + 10_000)).toEqual(signedOutEverywhere);
});

// Known limit: back while the clock is still behind the sign-out, the sign-out's time is ahead of the clock and moves
// to its monotonic moment (`yieldToLaterLogin`, so that a login made after a set-back is adopted): the sign-in made
// with the clock ahead reads as later, the page refreshes it and the tab that signed out adopts it. Its numbers are
// those of a login made after a clock set back, which must be adopted: the times alone do not tell the two apart.
it.fails('a page restored with a sign-in made before the sign-out, the clock still behind the sign-out: told it ended', async () => {
  expect(await restoredAfterClockFix(80_000)).toEqual(signedOutEverywhere);
});
