/**
 * A tab whose provider was unmounted when another tab refreshed (its engine disposed: deaf to the broadcast) may
 * mount again long after, still holding the refresh token that tab spent. The tab that refreshed answers it for as
 * long as it holds that session, unmounted too (`TabLink`): before, it answered for about 34 s after its refresh, and
 * a later remount found nobody. With shared storage it found the spent mark, asked, heard nothing and ended its
 * sign-in with `ERR_FIEF_REFRESH_LOST`; without, it sent the spent refresh token again (found by a review, stop 25).
 * Without shared storage, a tab that mounts again with its refresh due at once asks the tabs before it spends: the
 * answer to the question its link asks on opening may not have landed yet.
 */
import { expect, it, vi } from 'vitest';
import { MemoryStorage } from '../storage.js';
import { useModelClock } from './modelRun.js';
import { twoTabs } from './stubFiefKit.js';

useModelClock();

for (const sharedStorage of [true, false]) {
  const label = sharedStorage ? 'shared storage' : 'no shared storage';

  /** A refreshes mounted while B is unmounted; A unmounts 5 s later; B mounts again at `remountAt` ms. */
  async function remountLate(remountAt: number) {
    const world = await twoTabs(sharedStorage ? new MemoryStorage() : null, { mounted: true });
    const { a, b } = world;
    b.auth.dispose(); // a route without B's provider
    const refreshed = a.auth.getAccessToken({ forceRefresh: true }); // an API refused at-1
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(refreshed).resolves.toBe('at-2');
    await vi.advanceTimersByTimeAsync(4_000);
    a.auth.dispose(); // A's provider unmounts too
    await vi.advanceTimersByTimeAsync(remountAt - 5_000);
    b.auth.start(); // B's provider mounts again
    await vi.advanceTimersByTimeAsync(90_000);
    return world;
  }

  /** Each refresh token was sent once, each the newest there was: rt-1 (A's refresh), then B's refreshes of rt-2... */
  function sentInTurn(sent: string[]): void {
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(sent).toEqual(sent.map((_, index) => `rt-${index + 1}`));
  }

  it(`${label}: a tab that mounts again 40 s after another tab's refresh gets its session, and rt-1 is not resent`, async () => {
    const { fief, b } = await remountLate(40_000);
    sentInTurn(fief.sent); // B refreshed A's session when it was due, not its own
    expect(b.auth.getSnapshot()).toMatchObject({ status: 'authenticated', error: null });
  });

  it(`${label}: a tab that mounts again as its refresh falls due asks the tabs before it spends rt-1`, async () => {
    const { fief, b } = await remountLate(55_000);
    sentInTurn(fief.sent);
    expect(b.auth.getSnapshot()).toMatchObject({ status: 'authenticated', error: null });
  });

  it(`${label}: a tab that mounts again 10 minutes later, A's session long expired, refreshes A's refresh token`, async () => {
    const { fief, a, b } = await remountLate(600_000);
    sentInTurn(fief.sent);
    expect(b.auth.getSnapshot()).toMatchObject({ status: 'authenticated', error: null });
    // Unmounted, A heard B's refresh too: it answers with the newest session, never with one whose token was spent.
    const sent = fief.sent.length;
    await expect(a.auth.getAccessToken()).resolves.toBe(b.auth.getSnapshot().tokenInfo?.access_token);
    expect(fief.sent).toHaveLength(sent);
  });
}
