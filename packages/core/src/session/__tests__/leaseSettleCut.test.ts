/**
 * Without Web Locks, a tab trusts its lease only after the settle wait (Fischer's timed mutex). A dispose or
 * StrictMode restart during that wait cut it short (the tabs' sleeps resolve on stop), and the tab trusted its lease
 * before another tab's lease could reach it. A settle cut short is now never trusted (found by a review, stop 25).
 */
import { expect, it, vi } from 'vitest';
import { FiefAuth } from '../fiefAuth.js';
import type { FiefLogEvent } from '../logEvents.js';
import { saveSession } from '../sessionSave.js';
import { MemoryStorage } from '../storage.js';
import { LaggingSharedStorage } from './laggingSharedStorage.js';
import { useModelClock } from './modelRun.js';
import { InTestTabs, NS, StubFief } from './stubFiefKit.js';

useModelClock();

it('StrictMode dispose/start 20 ms into the lease settle: rt-1 is not sent under a lease trusted before 250 ms', async () => {
  const fief = new StubFief();
  const tabs = new InTestTabs();
  const storage = new MemoryStorage();
  saveSession(storage, NS, fief.session());
  const events: (FiefLogEvent & { t: number })[] = [];
  const auth = new FiefAuth(fief.asFief(), {
    storage,
    refreshMarginSeconds: 10,
    navigate: () => {},
    logger: (e) => events.push({ ...e, t: Date.now() }),
    tabSync: { channel: tabs.channel, locks: null as never, shared: new MemoryStorage() },
  });
  auth.start();
  await vi.advanceTimersByTimeAsync(100);
  const asked = Date.now();
  const token = auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(20);
  auth.dispose(); // StrictMode
  auth.start();
  await vi.advanceTimersByTimeAsync(1_000);
  await expect(token).resolves.toBe('at-2');
  // The refresh token is sent only under a lease trusted after a full settle.
  const started = events.find((e) => e.type === 'refresh.started');
  expect((started?.t ?? 0) - asked).toBeGreaterThanOrEqual(250);
  auth.dispose();
});

it('storage with room for the lease but not the spent mark, writes landing 100 ms late: StrictMode during the settle lets two tabs send rt-1', async () => {
  const fief = new StubFief();
  fief.latencyMs = 1_000;
  const tabs = new InTestTabs();
  const views = new LaggingSharedStorage(100, (key) => key.includes(':spent:'));
  const session = fief.session();
  const engines = [0, 1].map(() => {
    const storage = new MemoryStorage();
    saveSession(storage, NS, session);
    return new FiefAuth(fief.asFief(), {
      storage,
      refreshMarginSeconds: 10,
      navigate: () => {},
      tabSync: { channel: tabs.channel, locks: null as never, shared: views.view() },
    });
  });
  const [a, b] = engines as [FiefAuth, FiefAuth];
  a.start();
  b.start();
  await vi.advanceTimersByTimeAsync(100);
  const ta = a.getAccessToken({ forceRefresh: true }); // A writes its lease at t=0
  await vi.advanceTimersByTimeAsync(50);
  const tb = b.getAccessToken({ forceRefresh: true }); // B at t=50: A's lease has not reached B's copy yet
  await vi.advanceTimersByTimeAsync(10);
  a.dispose(); // StrictMode at t=60: A's settle ends at once, B's lease has not reached A's copy yet
  a.start();
  await vi.advanceTimersByTimeAsync(5_000);
  await Promise.allSettled([ta, tb]);
  expect(fief.sent).toEqual(['rt-1']);
});
