/**
 * A `localStorage` that is there but full holds no spent mark, as if there were none: a disposed engine, deaf to
 * the broadcast, now asks the tabs before it spends its refresh token in that case too. It sent the refresh token
 * another tab had spent, and the sign-in ended in every tab (found by a review, stop 25).
 */
import { expect, it, vi } from 'vitest';
import { MemoryStorage } from '../storage.js';
import { useModelClock } from './modelRun.js';
import { twoTabs } from './stubFiefKit.js';

useModelClock();

/** Reachable but full: reads work, every write throws. */
class FullStorage extends MemoryStorage {
  override setItem(): void {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  }
}

for (const aMounted of [false, true]) {
  it(`full localStorage: A (${aMounted ? 'mounted' : 'disposed'}) refreshes; B (disposed, rt-1) asks 10 s later: rt-1 not resent`, async () => {
    const { fief, tabs, a, b } = await twoTabs(new FullStorage(), { mounted: true });
    if (!aMounted) a.auth.dispose();
    b.auth.dispose();
    const ta = a.auth.getAccessToken({ forceRefresh: true });
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(ta).resolves.toBe('at-2');
    const tb = b.auth.getAccessToken({ forceRefresh: true });
    await vi.advanceTimersByTimeAsync(40_000);
    expect(fief.sent[0]).toBe('rt-1');
    expect(new Set(fief.sent).size).toBe(fief.sent.length); // (mounted A refreshes rt-2 on its timer at ~50 s)
    await expect(tb).resolves.not.toBeNull();
  });
}
