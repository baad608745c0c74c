/**
 * Without Web Locks (the `localStorage` lease), the machine sleeps while a `getAccessToken()` made while unmounted takes
 * the lease, and the provider mounts and unmounts: the refresh gives up without sending (its lease lost). The call
 * refreshes once that one has let go, rather than answering `null` while Fief is up (helper 27, finding 2; model
 * seed -1290349064).
 */
import { expect, it, vi } from 'vitest';
import { FiefAuth } from '../fiefAuth.js';
import { saveSession } from '../sessionSave.js';
import { MemoryStorage } from '../storage.js';
import { useModelClock } from './modelRun.js';
import { InTestTabs, NS, StubFief } from './stubFiefKit.js';

useModelClock();

const remount = true;
const slept = true;
for (const gapMs of [0, 5, 20]) {
  it(`lease lock${remount ? '' : ', no remount'}${slept ? ', machine slept' : ''}, remount ${gapMs} ms after a forced call made while unmounted: the call gets a new token`, async () => {
    const fief = new StubFief();
    const tabs = new InTestTabs();
    const storage = new MemoryStorage();
    saveSession(storage, NS, fief.session());
    const auth = new FiefAuth(fief.asFief(), {
      storage,
      refreshMarginSeconds: 10,
      navigate: () => {},
      tabSync: { channel: tabs.channel, locks: null as never, shared: new MemoryStorage() },
    });
    auth.start();
    await vi.advanceTimersByTimeAsync(100);
    auth.dispose();
    vi.setSystemTime(Date.now() + 61_000); // expired: the app needs the refresh
    const token = auth.getAccessToken({ forceRefresh: true });
    await vi.advanceTimersByTimeAsync(gapMs);
    if (slept) vi.setSystemTime(Date.now() + 120_000); // the machine sleeps while the lease is being taken
    if (remount) {
      auth.start(); // the provider mounts again...
      await vi.advanceTimersByTimeAsync(1);
      auth.dispose(); // ...and unmounts
    }
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(token).resolves.toBe('at-2');
    expect(fief.sent).toEqual(['rt-1']);
  });
}
