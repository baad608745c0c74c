/**
 * Without Web Locks (the `localStorage` lease), a refresh whose lease expired while the machine slept gives up
 * without sending. A call of a mounted engine sharing it got the session the refresh began from: a forced call the
 * access token the API had just refused, a call for an expired token `null`. It now refreshes again (found by a
 * review, stop 25).
 */
import { expect, it, vi } from 'vitest';
import { FiefAuth } from '../fiefAuth.js';
import { saveSession } from '../sessionSave.js';
import { MemoryStorage } from '../storage.js';
import { useModelClock } from './modelRun.js';
import { InTestTabs, NS, StubFief } from './stubFiefKit.js';

useModelClock();

for (const forced of [true, false]) {
  it(`mounted, lease lock, machine sleeps during the discovery request: ${forced ? 'a forced call gets at-2, not at-1' : 'a call for an expired token gets at-2, not null'}`, async () => {
    const fief = new StubFief();
    // The discovery document is fetched (not stored with the session): 200 ms, the machine sleeping in between.
    Object.assign(fief, {
      getOpenIDConfiguration: () =>
        new Promise((resolve) =>
          setTimeout(
            () =>
              resolve({
                issuer: fief.baseURL,
                token_endpoint: `${fief.baseURL}/api/token`,
                authorization_endpoint: `${fief.baseURL}/authorize`,
                jwks_uri: `${fief.baseURL}/.well-known/jwks.json`,
              }),
            200,
          ),
        ),
    });
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
    let token: Promise<string | null>;
    if (forced) {
      token = auth.getAccessToken({ forceRefresh: true }); // an API refused at-1
    } else {
      // The tab was in the background: its timer had not fired yet when the app asks.
      vi.setSystemTime(Date.now() + 55_000);
      token = auth.getAccessToken();
    }
    await vi.advanceTimersByTimeAsync(350); // the lease is taken (250 ms), the discovery request is on its way
    vi.setSystemTime(Date.now() + 20_000); // the machine sleeps 20 s: the lease (10 s) expires
    await vi.advanceTimersByTimeAsync(5_000);
    expect(new Set(fief.sent).size).toBe(fief.sent.length);
    await expect(token).resolves.toBe('at-2');
    auth.dispose();
  });
}
