/**
 * A signed-in tab signs in again (another account, or the same one) while its session's refresh is on its way: the
 * login's callback and the refresh's answer land in either order. The tab keeps the later sign-in, the callback hands
 * the app the tokens the tab keeps, and a later visit of the cleaned callback URL never answers with tokens it lost.
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  loginUntilCallback,
  REDIRECT_URI,
  recordNavigation,
  setPageURL,
  useAuthHarness,
  waitFor,
} from './authTestKit.js';

const harness = useAuthHarness();

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Holds every refresh request until `release()` (other requests pass); `held()`: how many wait. */
function holdRefreshes() {
  const realFetch = globalThis.fetch;
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let waiting = 0;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const body = typeof init?.body === 'string' ? init.body : String(init?.body ?? '');
    if (new URLSearchParams(body).get('grant_type') === 'refresh_token') {
      waiting++;
      await gate;
    }
    return realFetch(input, init);
  });
  return { release, held: () => waiting };
}

describe('a login whose callback lands while the tab refreshes its older session', () => {
  it('keeps the login, and the callback resolves with the tokens the tab keeps, then and on a later visit', async () => {
    const navigation = recordNavigation();
    const tab = harness.openTab({ navigate: navigation.navigate });
    await loginUntilCallback(tab.auth, navigation);
    await tab.auth.authCallback(REDIRECT_URI);
    setPageURL('http://127.0.0.1:5173/');
    const refreshes = holdRefreshes();
    const refreshed = tab.auth.getAccessToken({ forceRefresh: true }).catch((error: unknown) => error);
    await waitFor(() => refreshes.held() === 1, 5_000, 'the refresh request');

    await loginUntilCallback(tab.auth, navigation);
    const login = await tab.auth.authCallback(REDIRECT_URI);
    expect(login.tokens).toBe(tab.auth.getSnapshot().tokenInfo);
    refreshes.release();
    await refreshed;
    await waitFor(() => tab.auth.getSnapshot().status !== 'loading', 5_000, 'the tab to settle');

    const again = await tab.auth.authCallback(REDIRECT_URI).catch((error: unknown) => error);

    expect(tab.auth.getSnapshot().tokenInfo?.access_token).toBe(login.tokens.access_token);
    expect(again).toMatchObject({ tokens: tab.auth.getSnapshot().tokenInfo });
  });
});
