import { describe, expect, it } from 'vitest';
import type { FiefRequestError } from '../errors.js';
import { Fief } from '../fief.js';
import type { FiefAuthOptions } from '../fiefAuth.js';
import { parseSerializedSession } from '../sessionStore.js';
import { keysWithPrefix, MemoryStorage, storageKey, storageKeyPrefix } from '../storage.js';
import {
  accessTokenOf,
  CLIENT_ID,
  PAGE_URL,
  recordNavigation,
  sleep,
  type TestTab,
  tokenRequests,
  useAuthHarness,
  waitFor,
} from './authTestKit.js';

/** Access tokens live 2 s; with a 1 s margin, each one is refreshed 1 s after it was issued. */
const TTL_SECONDS = 2;
const MARGIN_SECONDS = 1;

const harness = useAuthHarness({ accessTokenTTL: TTL_SECONDS, refreshMarginSeconds: MARGIN_SECONDS });

/** Tab `a` signs in; tab `b`, opened after, gets the session from it. */
async function twoSignedInTabs(options: FiefAuthOptions = {}): Promise<{ a: TestTab; b: TestTab }> {
  const a = await harness.signedInTab(options);
  const b = harness.openTab(options);
  await waitFor(() => b.auth.isAuthenticated(), 3_000, 'tab b to adopt the session of tab a');
  expect(accessTokenOf(b.auth)).toBe(accessTokenOf(a.auth));
  return { a, b };
}

/** Resolves once both tabs hold a new access token (the same one), and returns how many token requests it took. */
async function nextRefresh(a: TestTab, b: TestTab, what: string): Promise<number> {
  const previous = accessTokenOf(a.auth);
  const before = tokenRequests(harness.server);
  await waitFor(
    () => accessTokenOf(a.auth) !== previous && accessTokenOf(b.auth) === accessTokenOf(a.auth),
    3_000,
    what,
  );
  return tokenRequests(harness.server) - before;
}

describe('tabs', () => {
  it('two tabs with rotating refresh tokens make one token request per expiry and both stay signed in', async () => {
    const { a, b } = await twoSignedInTabs();

    for (let cycle = 1; cycle <= 3; cycle += 1) {
      expect(await nextRefresh(a, b, `cycle ${cycle}`)).toBe(1);
      expect(a.auth.getSnapshot().status).toBe('authenticated');
      expect(b.auth.getSnapshot().status).toBe('authenticated');
    }
  });

  it('a tab that gets the lock before the news of a refresh never sends the spent refresh token', async () => {
    const { a, b } = await twoSignedInTabs();
    // Messages now arrive long after the lock is released: the second tab must not trust its own stale copy.
    harness.tabs.latencyMs = 400;
    const before = tokenRequests(harness.server);

    await nextRefresh(a, b, 'both tabs on the refreshed token');
    await sleep(100);

    expect(tokenRequests(harness.server) - before).toBe(1);
    expect(a.auth.getSnapshot().status).toBe('authenticated');
    expect(b.auth.getSnapshot().status).toBe('authenticated');
  });

  it('a tab opened later is signed in from the open ones, and a logout in one signs every tab out', async () => {
    const { a, b } = await twoSignedInTabs();
    const requestsBefore = harness.server.requests.length;

    const c = harness.openTab();
    expect(c.auth.getSnapshot().status).toBe('loading');
    await waitFor(() => c.auth.isAuthenticated(), 3_000, 'tab c');
    expect(c.auth.getUserinfo()?.sub).toBe(a.auth.getUserinfo()?.sub);
    expect(harness.server.requests.length).toBe(requestsBefore);

    const navigation = recordNavigation();
    const { auth: logoutTab } = harness.openTab({ navigate: navigation.navigate });
    await waitFor(() => logoutTab.isAuthenticated(), 3_000, 'tab d');
    await logoutTab.logout(PAGE_URL);

    expect(new URL(navigation.last()).pathname).toBe('/logout');
    expect(logoutTab.getSnapshot().status).toBe('anonymous');
    await waitFor(
      () => [a, b, c].every((tab) => tab.auth.getSnapshot().status === 'anonymous'),
      3_000,
      'every tab signed out',
    );
    for (const tab of [a, b, c]) {
      expect(keysWithPrefix(tab.storage, storageKeyPrefix('session'))).toEqual([]);
    }
  });

  it('a refresh token refused by Fief ends the session in every tab', async () => {
    const { a, b } = await twoSignedInTabs();
    // Someone else spends the refresh token the tabs hold (as a revocation would make it unusable). The tabs may
    // rotate it meanwhile: then spend the newer one.
    const outsider = new Fief({ baseURL: harness.server.url, clientId: CLIENT_ID });
    for (let attempt = 0; ; attempt += 1) {
      const [key] = keysWithPrefix(a.storage, storageKeyPrefix('session'));
      const refreshToken = parseSerializedSession(a.storage.getItem(key ?? ''), CLIENT_ID)?.refreshToken;
      expect(refreshToken).toBeTruthy();
      const spent = await outsider.authRefreshToken(refreshToken ?? '').then(
        () => true,
        () => false,
      );
      if (spent) break;
      expect(attempt).toBeLessThan(5);
    }

    await waitFor(
      () => a.auth.getSnapshot().status === 'anonymous' && b.auth.getSnapshot().status === 'anonymous',
      3_000,
      'both tabs signed out',
    );
    // The tab that tried the refresh tells why; the other one was simply signed out.
    const errors = [a, b].map((tab) => tab.auth.getSnapshot().error).filter((error) => error !== null);
    expect(errors).toHaveLength(1);
    expect((errors[0] as FiefRequestError).error).toBe('invalid_grant');
  });

  it('messages that are not ours are ignored', async () => {
    const a = await harness.signedInTab();
    const snapshot = a.auth.getSnapshot();
    const intruder = harness.tabs.channel(`fief-spa/1:${CLIENT_ID}`);
    const forged = [
      null,
      42,
      'not json',
      '{"p":"fief-spa/1","from":"x","kind":"logout","sid":7}',
      '{"p":"fief-spa/2","from":"x","kind":"logout","sid":null}',
      '{"p":"fief-spa/1","from":"x","kind":"session","session":{"sid":"s","clientId":"spa"}}',
      { p: 'fief-spa/1', from: 'x', kind: 'logout', sid: null },
      '{"p":"fief-spa/1","from":"x","kind":"rm -rf"}',
    ];
    for (const data of forged) intruder.postMessage(data);
    await sleep(50);
    expect(a.auth.getSnapshot()).toBe(snapshot);
    intruder.close();
  });
});

describe('without BroadcastChannel and Web Locks', () => {
  /**
   * The `localStorage` of the origin, playing the browser's part: a change fires `storage` in the tabs a moment
   * later (all the engines of this test are in one window; each ignores its own messages).
   */
  class SharedStorage extends MemoryStorage {
    override setItem(key: string, value: string): void {
      super.setItem(key, value);
      setTimeout(() => window.dispatchEvent(new StorageEvent('storage', { key, newValue: value })), 0);
    }
  }

  it('storage events and a localStorage lease carry sign-in, refresh and sign-out', async () => {
    const shared = new SharedStorage();
    const fallback = { tabSync: { channel: () => null, locks: null, shared } };
    const { a, b } = await twoSignedInTabs(fallback);

    expect(await nextRefresh(a, b, 'both tabs on the refreshed token')).toBe(1);
    expect(shared.getItem(storageKey('spent', CLIENT_ID))).not.toBeNull(); // the mark went through the shared storage

    await b.auth.logout(PAGE_URL);
    await waitFor(() => a.auth.getSnapshot().status === 'anonymous', 3_000, 'tab a signed out');
  });
});
