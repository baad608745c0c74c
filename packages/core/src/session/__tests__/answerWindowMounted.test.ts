/**
 * An engine answers the tabs that may wait on its refresh for as long as they wait (`answerWhileWaitedFor`), also
 * when the refresh ran while its provider was mounted, or the provider remounted while the request was on its way:
 * unmounted a few seconds later, it went deaf at once, and a disposed tab that missed the broadcast resent the
 * spent refresh token (no shared storage) or ended its sign-in after 33 s (found by a review, stop 25).
 */
import { expect, it, vi } from 'vitest';
import { MemoryStorage } from '../storage.js';
import { useModelClock } from './modelRun.js';
import { twoTabs } from './stubFiefKit.js';

useModelClock();

for (const sharedStorage of [false, true]) {
  const label = sharedStorage ? 'shared storage' : 'no shared storage';

  it(`${label}: A refreshes mounted, unmounts 5 s later; B (disposed, rt-1) asks at 10 s: B gets a token, rt-1 not resent`, async () => {
    const { fief, a, b } = await twoTabs(sharedStorage ? new MemoryStorage() : null, { mounted: true });
    b.auth.dispose(); // B's provider unmounted: it will miss A's broadcast
    const ta = a.auth.getAccessToken({ forceRefresh: true }); // A, mounted, refreshes (an API refused at-1)
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(ta).resolves.toBe('at-2');
    await vi.advanceTimersByTimeAsync(4_000);
    a.auth.dispose(); // A's provider unmounts (a route change), 5 s after its refresh
    await vi.advanceTimersByTimeAsync(5_000);
    const tb = b.auth.getAccessToken({ forceRefresh: true }); // B's loader asks
    await vi.advanceTimersByTimeAsync(40_000);
    expect(fief.sent).toEqual(['rt-1']);
    await expect(tb).resolves.toBe('at-2');
  });

  it(`${label}: A refreshes disposed, remounts while the request is on its way, unmounts 2 s later; B asks at 5 s`, async () => {
    const { fief, a, b } = await twoTabs(sharedStorage ? new MemoryStorage() : null);
    fief.latencyMs = 1_000;
    const ta = a.auth.getAccessToken({ forceRefresh: true }); // disposed A sends rt-1 (answer in 1 s)
    await vi.advanceTimersByTimeAsync(500);
    a.auth.start(); // A's provider mounts while the request is on its way...
    await vi.advanceTimersByTimeAsync(1_500);
    await expect(ta).resolves.toBe('at-2');
    a.auth.dispose(); // ...and unmounts again
    await vi.advanceTimersByTimeAsync(3_000);
    const tb = b.auth.getAccessToken({ forceRefresh: true });
    await vi.advanceTimersByTimeAsync(40_000);
    expect(fief.sent).toEqual(['rt-1']);
    await expect(tb).resolves.toBe('at-2');
  });

  it(`${label} control: A refreshes disposed (stays disposed); B asks at 10 s`, async () => {
    const { fief, a, b } = await twoTabs(sharedStorage ? new MemoryStorage() : null);
    const ta = a.auth.getAccessToken({ forceRefresh: true });
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(ta).resolves.toBe('at-2');
    const tb = b.auth.getAccessToken({ forceRefresh: true });
    await vi.advanceTimersByTimeAsync(40_000);
    expect(fief.sent).toEqual(['rt-1']);
    await expect(tb).resolves.toBe('at-2');
  });
}
