/**
 * A disposed engine that spent a refresh token answers the tabs for as long as one may wait on it. Its provider
 * mounting and unmounting inside that window (a route change) used to stop the link for good: a disposed tab still
 * holding the old refresh token that asked later heard nobody and resent it (found by a review, stop 24).
 */
import { expect, it, vi } from 'vitest';
import { useModelClock } from './modelRun.js';
import { twoTabs } from './stubFiefKit.js';

useModelClock();

it('A refreshes disposed, mounts and unmounts at 10 s/20 s; B (disposed, rt-1) asks at 25 s: rt-1 not resent', async () => {
  const { fief, a, b } = await twoTabs(null);
  const t1 = a.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(10_000);
  await expect(t1).resolves.toBe('at-2');
  a.auth.start();
  await vi.advanceTimersByTimeAsync(10_000);
  a.auth.dispose();
  await vi.advanceTimersByTimeAsync(5_000);
  const tb = b.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(5_000);
  expect(new Set(fief.sent).size).toBe(fief.sent.length);
  await expect(tb).resolves.not.toBeNull();
});
