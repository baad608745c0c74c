/**
 * A Web Storage that is reachable but full: reads work, every write throws (`QuotaExceededError`; Safari ≤ 10's
 * private mode did the same). The engine finds storage without writing to it, so it uses such a storage and learns
 * at each write that it was refused.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStorage } from '../storage.js';
import {
  accessTokenOf,
  loginUntilCallback,
  REDIRECT_URI,
  recordNavigation,
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
});
