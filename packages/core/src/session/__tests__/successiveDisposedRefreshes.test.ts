/**
 * A disposed engine that refreshes twice holds the link open for two answering windows: the first window's end used
 * to close the link the second still needed, and a tab asking then resent the spent refresh token (found by a
 * review, stop 24).
 */
import { expect, it, vi } from 'vitest';
import { useModelClock } from './modelRun.js';
import { twoTabs } from './stubFiefKit.js';

useModelClock();

it('A (disposed) refreshes at 0 s and 20 s; B (disposed, still rt-1) asks at 40 s: A answers, rt-1 not resent', async () => {
  const { fief, a, b } = await twoTabs(null);
  const t1 = a.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(20_000);
  await expect(t1).resolves.toBe('at-2');
  const t2 = a.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(20_000);
  await expect(t2).resolves.toBe('at-3');
  expect(fief.sent).toEqual(['rt-1', 'rt-2']);
  // 40 s: within A's second window (until ~55 s), past its first (~35 s).
  const tb = b.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(5_000);
  expect(new Set(fief.sent).size).toBe(fief.sent.length);
  await expect(tb).resolves.not.toBeNull();
});

it('control: B asks at 30 s (inside both windows)', async () => {
  const { fief, a, b } = await twoTabs(null);
  const t1 = a.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(20_000);
  await expect(t1).resolves.toBe('at-2');
  const t2 = a.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(10_000);
  await expect(t2).resolves.toBe('at-3');
  const tb = b.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(5_000);
  expect(new Set(fief.sent).size).toBe(fief.sent.length);
  await expect(tb).resolves.not.toBeNull();
});
