/**
 * A disposed engine inside its answering window whose session has expired (a short access-token lifetime, or the
 * machine slept) set `queryWaiting` and asked for a check a disposed engine ignores: the tab waiting on it never got
 * the session, and resent the spent refresh token (no shared storage) or ended the sign-in after 33 s (shared
 * storage). A live session is now always answered, expired or not (found by a review, stop 25).
 */
import { expect, it, vi } from 'vitest';
import { MemoryStorage } from '../storage.js';
import { useModelClock } from './modelRun.js';
import { InTestTabs, StubFief, tab, twoTabs } from './stubFiefKit.js';

useModelClock();

for (const sharedStorage of [false, true]) {
  const label = sharedStorage ? 'shared storage' : 'no shared storage';
  it(`${label}: access tokens of 20 s; A refreshes mounted, unmounts; B (disposed, rt-1) asks at 25 s: rt-1 not resent, B gets a token`, async () => {
    const fief = new StubFief();
    fief.ttlSeconds = 20;
    const tabs = new InTestTabs();
    const shared = sharedStorage ? new MemoryStorage() : null;
    const session = fief.session();
    const a = tab(fief, tabs, session, shared, 5);
    const b = tab(fief, tabs, session, shared, 5);
    a.auth.start();
    b.auth.start();
    await vi.advanceTimersByTimeAsync(100);
    b.auth.dispose(); // B's provider unmounted: it misses A's broadcast
    const ta = a.auth.getAccessToken({ forceRefresh: true }); // A, mounted, refreshes (an API refused at-1)
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(ta).resolves.toBe('at-2');
    a.auth.dispose(); // A's provider unmounts (a route change) 1 s later; its answer window runs to ~34 s
    await vi.advanceTimersByTimeAsync(24_000); // t≈25 s: A's at-2 (20 s) expired, rt-2 still good
    const tb = b.auth.getAccessToken({ forceRefresh: true }); // B's loader asks, inside A's answer window
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fief.sent).toEqual(['rt-1', 'rt-2'].slice(0, fief.sent.length));
    expect(new Set(fief.sent).size).toBe(fief.sent.length);
    expect(b.auth.getSnapshot().error?.code).toBeUndefined();
    await expect(tb).resolves.not.toBeNull();
  });
}

for (const sharedStorage of [false, true]) {
  const label = sharedStorage ? 'shared storage' : 'no shared storage';
  it(`${label}, default 60 s tokens: A (disposed) refreshes; the machine sleeps 2 min inside A's window; on wake B (disposed) asks: rt-1 not resent, no REFRESH_LOST`, async () => {
    const { fief, a, b } = await twoTabs(sharedStorage ? new MemoryStorage() : null); // B misses A's broadcast
    const ta = a.auth.getAccessToken({ forceRefresh: true });
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(ta).resolves.toBe('at-2');
    vi.setSystemTime(Date.now() + 120_000); // lid closed 2 min: timers stand still, at-2 expires; A's window goes on
    await vi.advanceTimersByTimeAsync(10);
    const tb = b.auth.getAccessToken(); // B's loader on wake: at-1 expired, B refreshes
    await vi.advanceTimersByTimeAsync(60_000);
    expect(new Set(fief.sent).size).toBe(fief.sent.length);
    expect(b.auth.getSnapshot().error?.code).toBeUndefined();
    await expect(tb).resolves.not.toBeNull();
  });
}
