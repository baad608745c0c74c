/**
 * A Web Storage that is reachable but full: reads work, every write throws (`QuotaExceededError`; Safari ≤ 10's
 * private mode did the same). The engine finds storage without writing to it, so it uses such a storage and learns
 * at each write that it was refused.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import { FiefAuth } from '../fiefAuth.js';
import { MemoryStorage, storageKeyPrefix } from '../storage.js';
import { keysWithPrefix } from '../storageListing.js';
import {
  accessTokenOf,
  CLIENT_ID,
  copyOfStorage,
  loginUntilCallback,
  REDIRECT_URI,
  recordNavigation,
  sleep,
  tokenRequests,
  useAuthHarness,
} from './authTestKit.js';

const harness = useAuthHarness();

class FullStorage extends MemoryStorage {
  override setItem(): void {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  }
}

/** Makes `globalThis[name]` a full storage; returns the undo. */
function fill(name: 'localStorage' | 'sessionStorage'): () => void {
  const original = Object.getOwnPropertyDescriptor(globalThis, name);
  const full = new FullStorage();
  Object.defineProperty(globalThis, name, { configurable: true, get: () => full });
  return () => {
    if (original) Object.defineProperty(globalThis, name, original);
  };
}

describe('a full Web Storage', () => {
  const undo: (() => void)[] = [];
  afterEach(() => {
    for (const restore of undo.splice(0)) restore();
    for (const key of keysWithPrefix(localStorage, storageKeyPrefix('pending'))) localStorage.removeItem(key);
  });

  it('without Web Locks, a full localStorage holds no lease, and the refresh runs without one', async () => {
    undo.push(fill('localStorage'));
    const tab = await harness.signedInTab({ tabSync: { channel: harness.tabs.channel, locks: null } });
    const before = accessTokenOf(tab.auth);
    const requests = tokenRequests(harness.server);

    const refreshed = await Promise.race([
      tab.auth.getAccessToken({ forceRefresh: true }),
      new Promise<string>((resolve) => setTimeout(() => resolve('still waiting after 4 s'), 4_000)),
    ]);

    expect(refreshed).not.toBe('still waiting after 4 s');
    expect(refreshed).not.toBe(before);
    expect(tokenRequests(harness.server)).toBe(requests + 1);
  }, 10_000);

  it("a full sessionStorage: the pending login goes to the engine's own storage (storage: 'local')", async () => {
    undo.push(fill('sessionStorage'));
    const navigation = recordNavigation();
    const auth = harness.engine({ storage: 'local', navigate: navigation.navigate });
    auth.start();

    await loginUntilCallback(auth, navigation);
    await auth.authCallback(REDIRECT_URI);

    expect(auth.getSnapshot().status).toBe('authenticated');
  });

  it('a full sessionStorage and nowhere else to go: the login stops before it leaves the page (ERR_FIEF_STORAGE)', async () => {
    undo.push(fill('sessionStorage'));
    const navigation = recordNavigation();
    const auth = harness.engine({ navigate: navigation.navigate });

    await expect(auth.redirectToLogin(REDIRECT_URI)).rejects.toMatchObject({ code: 'ERR_FIEF_STORAGE' });
    expect(navigation.urls).toEqual([]);
    expect(auth.getSnapshot().error).toMatchObject({ code: 'ERR_FIEF_STORAGE' });
  });

  it('an abandoned login sent to localStorage is pruned there too (its PKCE verifier is not kept)', async () => {
    undo.push(fill('sessionStorage'));
    let now = Date.now();
    const navigation = recordNavigation();
    const auth = harness.engine({ storage: 'local', navigate: navigation.navigate, clock: () => now });
    // The user starts a login, and never comes back from Fief.
    await auth.redirectToLogin(REDIRECT_URI);
    const abandoned = keysWithPrefix(localStorage, storageKeyPrefix('pending'));
    expect(abandoned).toHaveLength(1);

    // Two hours later (a pending login lives one), the user signs in again.
    now += 2 * 60 * 60 * 1000;
    await auth.redirectToLogin(REDIRECT_URI);

    const left = keysWithPrefix(localStorage, storageKeyPrefix('pending'));
    expect(left).toHaveLength(1);
    expect(left).not.toContain(abandoned[0]);
  });

  it('with Web Locks, a refused spent mark: two tabs refreshing at once still send the refresh token once', async () => {
    const sent: string[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      const body = init?.body === undefined || init.body === null ? '' : String(init.body);
      const refreshToken = new URLSearchParams(body).get('refresh_token');
      if (refreshToken !== null) sent.push(refreshToken);
      return fetch(input, init);
    };
    const login = await harness.signedInTab();
    login.auth.dispose();
    const tab = (): FiefAuth => {
      const fief = new Fief({ baseURL: harness.server.url, clientId: CLIENT_ID, fetch: recordingFetch });
      const auth = harness.track(
        new FiefAuth(fief, {
          storage: copyOfStorage(login.storage),
          tabSync: { channel: harness.tabs.channel, locks: harness.tabs.locks },
        }),
      );
      auth.start();
      return auth;
    };
    const first = tab();
    const second = tab();
    await sleep(200);
    undo.push(fill('localStorage'));

    // The API refused the access token in both tabs at once.
    await Promise.all([
      first.getAccessToken({ forceRefresh: true }),
      second.getAccessToken({ forceRefresh: true }),
    ]);
    await sleep(200);

    expect(sent).toHaveLength(new Set(sent).size);
    expect(first.getSnapshot()).toMatchObject({ status: 'authenticated', error: null });
    expect(second.getSnapshot()).toMatchObject({ status: 'authenticated', error: null });
  });
});
