/**
 * A disposed caller sharing a refresh that waits on another tab's session got back the session it began from when
 * that wait was cut (the link closed under it): a forced call answered the access token the API had just refused.
 * The wait now holds the link itself, so no dispose or end of another hold cuts it, and the caller gets the other
 * tab's newer token (found by a review, stop 25).
 */
import { expect, it, vi } from 'vitest';
import { MemoryStorage } from '../storage.js';
import { useModelClock } from './modelRun.js';
import { twoTabs } from './stubFiefKit.js';

useModelClock();

it("hold: A (remounted inside its answer window) waits on B's mark, unmounts; a disposed forced call gets at-3, not at-2", async () => {
  const { fief, tabs, a, b } = await twoTabs(new MemoryStorage(), { mounted: true });
  a.auth.dispose();
  // t≈0: A, disposed, refreshes rt-1: its answer window (a hold of the link) lasts until t≈34 s.
  const t1 = a.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(1_000);
  await expect(t1).resolves.toBe('at-2');
  a.auth.start(); // A's provider mounts again
  await vi.advanceTimersByTimeAsync(29_000);
  // t≈30 s: B refreshes rt-2 (1 s); its news takes 5 s to reach A (the browser gives no ordering with lock grants).
  fief.latencyMs = 1_000;
  const tb = b.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(100);
  tabs.latencyMs = 5_000;
  const ta = a.auth.getAccessToken({ forceRefresh: true }); // mounted A queues for the lock, then waits on B's mark
  await vi.advanceTimersByTimeAsync(1_500);
  await expect(tb).resolves.toBe('at-3');
  a.auth.dispose(); // A unmounts: its hold keeps the link open, the wait goes on
  const tDisposed = a.auth.getAccessToken({ forceRefresh: true }); // a loader asks the disposed engine
  await vi.advanceTimersByTimeAsync(20_000); // past the hold's end (t≈35 s), before B's next refresh (t≈81 s)
  expect(fief.sent).toEqual(['rt-1', 'rt-2']);
  await expect(tDisposed).resolves.toBe('at-3');
  void ta;
});

it("no hold: A (mounted) waits on B's mark, unmounts, a loader asks the disposed engine at once: gets B's at-2 (control)", async () => {
  const { fief, tabs, a, b } = await twoTabs(new MemoryStorage(), { mounted: true });
  fief.latencyMs = 1_000;
  const tb = b.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(100);
  tabs.latencyMs = 5_000;
  const ta = a.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(1_500);
  await expect(tb).resolves.toBe('at-2');
  a.auth.dispose();
  const tDisposed = a.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(20_000);
  expect(fief.sent).toEqual(['rt-1']);
  await expect(tDisposed).resolves.toBe('at-2');
  void ta;
});
