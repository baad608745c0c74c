/**
 * Without storage shared by the tabs (no spent marks), two tabs whose providers unmounted (disposed engines) refresh
 * one after the other or at once: the one that refreshed answers the other's query for a while, so the other adopts
 * its session and never resends the spent refresh token (helper 27, finding 1: both sent rt-1, and the sign-in ended).
 */
import { expect, it, vi } from 'vitest';
import { useModelClock } from './modelRun.js';
import { twoTabs } from './stubFiefKit.js';

useModelClock();

it('one after the other: B (disposed) does not resend the rt-1 A (disposed) spent', async () => {
  const { fief, a, b } = await twoTabs(null);
  const ta = a.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(5_000);
  await expect(ta).resolves.toBe('at-2');
  const tb = b.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(5_000);
  // B asks the tabs before it spends rt-1: A, which refreshed while disposed, answers for a while; B adopts at-2.
  expect(fief.sent).toEqual(['rt-1']);
  await expect(tb).resolves.toBe('at-2');
});

it('at once: two disposed tabs do not both send rt-1', async () => {
  const { fief, a, b } = await twoTabs(null);
  const ta = a.auth.getAccessToken({ forceRefresh: true });
  const tb = b.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(10_000);
  expect(new Set(fief.sent).size).toBe(fief.sent.length);
  expect(await ta).not.toBeNull();
  expect(await tb).not.toBeNull();
});
