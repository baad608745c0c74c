/**
 * Engines whose channel is closed while their page sits in the back-forward cache (`cachedPageChannel.ts`), against
 * the dev server's Fief (which revokes the whole grant when a refresh token comes back): restored, a page neither
 * sends a refresh token a tab that started meanwhile spent, nor keeps a session signed out meanwhile; and however
 * often its engine stops and starts (StrictMode) around a stay in the cache, it leaves no channel nor page listener
 * behind and hears the other tabs once shown. Every engine here shares one `window`: a `pagehide` caches them all; a
 * tab opened after it is one that started meanwhile.
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  accessTokenOf,
  copyOfStorage,
  PAGE_URL,
  sleep,
  type TestTab,
  useAuthHarness,
  waitFor,
} from './authTestKit.js';
import { pageTransition } from './pageTransition.js';

const harness = useAuthHarness();

afterEach(() => {
  vi.restoreAllMocks();
});

/** A tab of another page started while `of`'s page is in the cache: a duplicate of it (same session, same tokens). */
function duplicateOf(of: TestTab, shared: Storage | null): TestTab {
  const storage = copyOfStorage(of.storage);
  const auth = harness.engine({
    storage,
    navigate: () => {},
    tabSync: { channel: harness.tabs.channel, locks: harness.tabs.locks, shared },
  });
  auth.start();
  return { auth, storage };
}

describe('a page back from the back-forward cache, its channel closed meanwhile', () => {
  for (const shared of [localStorage, null]) {
    const storage = shared === null ? 'without shared storage' : 'with shared storage';
    it(`${storage}: never sends the refresh token a tab spent while it was cached`, async () => {
      const a = await harness.signedInTab({
        tabSync: { channel: harness.tabs.channel, locks: harness.tabs.locks, shared },
      });
      await sleep(600); // a has asked the tabs long ago: caught up, it would refresh at once
      pageTransition('pagehide');
      expect(harness.tabs.openChannels).toBe(0);

      const c = duplicateOf(a, shared);
      await waitFor(() => c.auth.isAuthenticated(), 3_000, 'the duplicate to be signed in');
      await c.auth.getAccessToken({ forceRefresh: true }); // spends a's refresh token
      const afterC = accessTokenOf(c.auth);
      await sleep(50); // c's news is posted while a is cached, and lost to it

      pageTransition('pageshow');
      expect(harness.tabs.openChannels).toBe(2);
      const token = await a.auth.getAccessToken({ forceRefresh: true });

      // Had a sent the spent refresh token, Fief would have revoked the grant: c could refresh no more.
      expect(token).not.toBeNull();
      await c.auth.getAccessToken({ forceRefresh: true });
      expect(c.auth.isAuthenticated()).toBe(true);
      expect(accessTokenOf(c.auth)).not.toBe(afterC);
      await waitFor(() => accessTokenOf(a.auth) === accessTokenOf(c.auth), 2_000, 'the tabs to agree');
    });

    it(`${storage}: signed out within a second of a sign-out by a tab that started while it was cached`, async () => {
      const a = await harness.signedInTab({
        tabSync: { channel: harness.tabs.channel, locks: harness.tabs.locks, shared },
      });
      pageTransition('pagehide');
      const c = duplicateOf(a, shared);
      await waitFor(() => c.auth.isAuthenticated(), 3_000, 'the duplicate to be signed in');
      await c.auth.logout(PAGE_URL);
      await sleep(50);
      expect(a.auth.isAuthenticated()).toBe(true); // it missed the logout message

      pageTransition('pageshow');
      // Without shared storage only c can tell (`endedSignIns.ts`): it still answers a tab naming the sign-in.
      await waitFor(() => a.auth.getSnapshot().status === 'anonymous', 1_000, 'a signed out');
    });
  }

  it('leaves no channel nor page listener behind across start/dispose cycles around the cache, and hears the tabs once shown', async () => {
    const listening = new Map<string, number>();
    const count = (by: number) => (type: string) => listening.set(type, (listening.get(type) ?? 0) + by);
    const add = window.addEventListener.bind(window);
    const remove = window.removeEventListener.bind(window);
    vi.spyOn(window, 'addEventListener').mockImplementation((type, listener, options) => {
      count(1)(type);
      add(type, listener, options);
    });
    vi.spyOn(window, 'removeEventListener').mockImplementation((type, listener, options) => {
      count(-1)(type);
      remove(type, listener, options);
    });
    const a = await harness.signedInTab();
    const b = harness.openTab();
    await waitFor(() => b.auth.isAuthenticated(), 3_000, 'b to adopt a’s session');
    const settled = { pagehide: listening.get('pagehide'), channels: harness.tabs.openChannels };
    expect(settled).toEqual({ pagehide: 2, channels: 2 });

    for (let cycle = 0; cycle < 4; cycle += 1) {
      // StrictMode: disposed and started again, before the page goes, while it is cached, after it is back.
      b.auth.dispose();
      b.auth.start();
      pageTransition('pagehide');
      if (cycle % 2 === 0) pageTransition('pagehide');
      b.auth.dispose();
      await sleep(5);
      b.auth.start();
      await sleep(5);
      pageTransition('pageshow');
      if (cycle % 2 === 1) pageTransition('pageshow');
      b.auth.dispose();
      b.auth.start();
      await sleep(20);
    }

    expect({ pagehide: listening.get('pagehide'), channels: harness.tabs.openChannels }).toEqual(settled);
    await a.auth.logout(PAGE_URL);
    await waitFor(() => b.auth.getSnapshot().status === 'anonymous', 1_000, 'b to hear a’s sign-out');
  });
});
