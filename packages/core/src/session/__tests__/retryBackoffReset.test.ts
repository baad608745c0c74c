/**
 * The backoff of a failed refresh (2 s, 4 s, ... 60 s) starts again once the tab holds a new session, also one another
 * tab refreshed: a tab that went through an outage and recovered by adopting must not wait a minute after its next
 * single failure (helper 24, finding 1).
 */
import { describe, expect, it, vi } from 'vitest';
import { loadSession } from '../sessionStore.js';
import { MemoryStorage } from '../storage.js';
import { useModelClock } from './modelRun.js';
import { CLIENT, InTestTabs, NS, StubFief, tab } from './stubFiefKit.js';

useModelClock();

/**
 * Tab A through an outage of Fief (its refreshes fail and back off: 2, 4, 8, 16, 32, 60 s), then recovered by adopting
 * the session a newly opened tab B refreshed once Fief was back; B is closed again.
 */
async function recoveredByAdopting() {
  const fief = new StubFief();
  const tabs = new InTestTabs();
  const shared = new MemoryStorage();
  const a = tab(fief, tabs, fief.session(), shared);
  a.auth.start();
  fief.down = true;
  await vi.advanceTimersByTimeAsync(50_000 + 200_000);
  expect(a.events.filter((e) => e.type === 'refresh.failed').length).toBeGreaterThanOrEqual(6);
  expect(a.auth.getSnapshot().status).toBe('error');
  fief.down = false;
  const b = tab(fief, tabs, loadSession(a.storage, NS, CLIENT), shared);
  b.auth.start();
  await vi.advanceTimersByTimeAsync(100);
  expect(a.auth.getSnapshot().status).toBe('authenticated');
  expect(a.auth.getSnapshot().tokenInfo?.access_token).toBe(b.auth.getSnapshot().tokenInfo?.access_token);
  b.auth.dispose();
  return { fief, a };
}

/**
 * The laptop sleeps an hour; on waking, the refresh timer fires late (the session expired an hour ago) and meets no
 * network: its Wi-Fi takes 3 s to come back. Returns 10 s after that failure.
 */
async function wakeWithNetworkBackLate(fief: StubFief, a: ReturnType<typeof tab>): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
  fief.down = true;
  vi.setSystemTime(Date.now() + 3_600_000);
  await vi.advanceTimersByTimeAsync(50_000);
  expect(a.auth.getSnapshot().status).toBe('error');
  await vi.advanceTimersByTimeAsync(3_000);
  fief.down = false;
  await vi.advanceTimersByTimeAsync(7_000);
}

describe('retry backoff after the session was recovered by another tab', () => {
  it('starts again at 2 s once this tab adopted a refreshed session (retries reset)', async () => {
    const { fief, a } = await recoveredByAdopting();
    // Later, A's own refresh meets one blip of the network.
    a.events.length = 0;
    fief.down = true;
    await vi.advanceTimersByTimeAsync(50_000);
    const failure = a.events.find((e) => e.type === 'refresh.failed');
    expect(failure).toBeDefined();
    fief.down = false;
    // A first failure after a recovery: retried within 2 s, as refreshFailed plans a first retry.
    const { retryAt, t } = failure as { retryAt: number; t: number };
    expect(retryAt - t).toBeLessThanOrEqual(2_000);
    a.auth.dispose();
  });

  it('a tab that recovered by adopting, woken with its network back 3 s later, is signed in again within 10 s', async () => {
    const { fief, a } = await recoveredByAdopting();
    await wakeWithNetworkBackLate(fief, a);
    // Back after its 2 s and 4 s retries, as a tab that never failed before: its backoff started again.
    expect(a.auth.getSnapshot().status).toBe('authenticated');
    a.auth.dispose();
  });

  it('control: the same wake in a tab with no failures before is signed in again within 10 s', async () => {
    const fief = new StubFief();
    const a = tab(fief, new InTestTabs(), fief.session(), new MemoryStorage());
    a.auth.start();
    await vi.advanceTimersByTimeAsync(100);
    await wakeWithNetworkBackLate(fief, a);
    expect(a.auth.getSnapshot().status).toBe('authenticated');
    a.auth.dispose();
  });
});
