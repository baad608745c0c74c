import { describe, expect, it } from 'vitest';
import type { FiefRequestError } from '../../protocol/errors.js';
import { Fief } from '../../protocol/fief.js';
import { FiefAuth } from '../fiefAuth.js';
import type { FiefAuthOptions } from '../fiefAuthOptions.js';
import { parseSerializedSession } from '../sessionStore.js';
import { MemoryStorage, storageKey, storageKeyPrefix } from '../storage.js';
import { keysWithPrefix } from '../storageListing.js';
import {
  accessTokenOf,
  CLIENT_ID,
  InTestTabs,
  namespaceOf,
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
    // Three cycles of a 2 s token take about 4 s, close to vitest's default 5 s on a busy machine.
  }, 15_000);

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

  it('a tab closed before a logout in another tab, and restored after it, stays signed out', async () => {
    const { a, b } = await twoSignedInTabs();
    // Tab b is closed; the browser keeps its sessionStorage to restore it (Ctrl+Shift+T, session restore).
    b.auth.dispose();
    await a.auth.logout(PAGE_URL);
    const before = harness.server.requests.length;

    const restored = harness.engine({ storage: b.storage });
    expect(restored.getSnapshot().status).not.toBe('authenticated');
    restored.start();
    const newTab = harness.openTab(); // asks the open tabs for a session: the restored one has none to give
    await sleep(300);

    expect(restored.getSnapshot().status).toBe('anonymous');
    expect(newTab.auth.getSnapshot().status).toBe('anonymous');
    expect(keysWithPrefix(b.storage, storageKeyPrefix('session'))).toEqual([]);
    expect(harness.server.requests.length).toBe(before);

    // A sign-in after the logout is a session like any other.
    const again = await harness.signedInTab();
    expect(again.auth.getSnapshot().status).toBe('authenticated');
  });

  it('a refresh token found refused in one tab does not end the newer generation another tab refreshed meanwhile', async () => {
    const a = await harness.signedInTab();
    // Tab b does not share the lock nor the spent mark with tab a (as when a lease or storage fails), its clock is
    // ahead so its refresh starts first, and its token request is slow: it reaches Fief after tab a's refresh.
    const slow: { answer?: Promise<Response> } = {};
    const slowTokenFetch: typeof fetch = (input, init) => {
      if (!String(input).endsWith('/token')) return fetch(input, init);
      slow.answer = sleep(600).then(() => fetch(input, init));
      return slow.answer;
    };
    const b = harness.track(
      new FiefAuth(new Fief({ baseURL: harness.server.url, clientId: CLIENT_ID, fetch: slowTokenFetch }), {
        storage: new MemoryStorage(),
        tabSync: {
          channel: harness.tabs.channel,
          locks: new InTestTabs().locks,
          shared: new MemoryStorage(),
        },
        refreshMarginSeconds: MARGIN_SECONDS,
        clock: () => Date.now() + 300,
      }),
    );
    b.start();
    await waitFor(() => b.isAuthenticated(), 3_000, 'tab b to adopt the session of tab a');

    await waitFor(() => slow.answer !== undefined, 3_000, 'the refresh of tab b');
    const answer = await slow.answer;
    await sleep(100);

    expect(answer?.status).toBe(400); // invalid_grant: tab a spent that refresh token first
    expect(a.auth.getSnapshot().status).toBe('authenticated');
    expect(b.getSnapshot().status).toBe('authenticated');
    expect(accessTokenOf(b)).toBe(accessTokenOf(a.auth));
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

    // The refused tab first waits for a session another tab may have refreshed beside it (`spentBeside.ts`, 3 s).
    await waitFor(
      () => a.auth.getSnapshot().status === 'anonymous' && b.auth.getSnapshot().status === 'anonymous',
      7_000,
      'both tabs signed out',
    );
    // The tab that tried the refresh tells why; the other one was simply signed out.
    const errors = [a, b].map((tab) => tab.auth.getSnapshot().error).filter((error) => error !== null);
    expect(errors).toHaveLength(1);
    expect((errors[0] as FiefRequestError).error).toBe('invalid_grant');
  }, 15_000);

  it('messages that are not ours are ignored', async () => {
    const a = await harness.signedInTab();
    const snapshot = a.auth.getSnapshot();
    const intruder = harness.tabs.channel(`fief-spa/1:${namespaceOf(harness.server)}`);
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
    // The channel is the engine's: a well-formed logout on it is heard.
    intruder.postMessage('{"p":"fief-spa/1","from":"x","kind":"logout","sid":null}');
    await waitFor(() => a.auth.getSnapshot().status === 'anonymous', 1_000, 'the logout');
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
      // A write can land after the test (a lease released late): by then there is no window to tell.
      setTimeout(
        () => globalThis.window?.dispatchEvent(new StorageEvent('storage', { key, newValue: value })),
        0,
      );
    }
  }

  it('storage events and a localStorage lease carry sign-in, refresh and sign-out', async () => {
    const shared = new SharedStorage();
    const fallback = { tabSync: { channel: () => null, locks: null, shared } };
    const { a, b } = await twoSignedInTabs(fallback);

    expect(await nextRefresh(a, b, 'both tabs on the refreshed token')).toBe(1);
    expect(shared.getItem(storageKey('spent', namespaceOf(harness.server)))).not.toBeNull(); // the mark went through the shared storage

    await b.auth.logout(PAGE_URL);
    await waitFor(() => a.auth.getSnapshot().status === 'anonymous', 3_000, 'tab a signed out');
  });
});
