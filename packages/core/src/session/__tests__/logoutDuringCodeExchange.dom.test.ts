/**
 * A sign-out while a login's code exchange is on its way stands: the user signed out after Fief issued the tokens
 * (the model's `SignInAgain` with a late exchange found the tab keeping them). Before the exchange, the login wins.
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import { FiefAuthCallbackError } from '../fiefAuthCallbackError.js';
import { keysWithPrefix, storageKeyPrefix } from '../storage.js';
import {
  accessTokenOf,
  loginUntilCallback,
  PAGE_URL,
  REDIRECT_URI,
  recordNavigation,
  useAuthHarness,
  waitFor,
} from './authTestKit.js';

const harness = useAuthHarness();

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Holds the page's token requests until `release()`; `sent()`: how many are held. */
function holdTokenRequests(): { sent: () => number; release: () => void } {
  const realFetch = globalThis.fetch;
  const held: (() => void)[] = [];
  let released = false;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!released && new URL(url).pathname.endsWith('/token')) await new Promise<void>((go) => held.push(go));
    return realFetch(input, init);
  });
  return {
    sent: () => held.length,
    release: () => {
      released = true;
      for (const go of held.splice(0)) go();
    },
  };
}

/** An engine on this page's `sessionStorage`, on the callback URL of a login the demo user made. */
async function callbackPage() {
  const navigation = recordNavigation();
  const auth = harness.engine({ navigate: navigation.navigate });
  auth.start();
  await loginUntilCallback(auth, navigation);
  return auth;
}

describe('a sign-out while the code exchange is on its way', () => {
  it('in another tab: the callback fails with signed_out, stores nothing, and the page says why', async () => {
    const other = await harness.signedInTab({ navigate: () => {} });
    const auth = await callbackPage();
    const requests = holdTokenRequests();

    const callback = auth.authCallback(REDIRECT_URI).catch((error: unknown) => error);
    await waitFor(() => requests.sent() === 1, 2_000, 'the code exchange to be sent');
    await other.auth.logout(PAGE_URL);
    requests.release();

    const error = await callback;
    expect(error).toBeInstanceOf(FiefAuthCallbackError);
    expect((error as FiefAuthCallbackError).reason).toBe('signed_out');
    expect(auth.getSnapshot()).toMatchObject({ status: 'error', tokenInfo: null });
    expect(auth.getSnapshot().error).toBe(error);
    expect(keysWithPrefix(sessionStorage, storageKeyPrefix('session'))).toEqual([]);
    // A tab opened after it does not bring the sign-in back.
    const later = harness.openTab();
    await waitFor(() => later.auth.getSnapshot().status !== 'loading', 2_000, 'a new tab to settle');
    expect(later.auth.getSnapshot().status).toBe('anonymous');
    expect(other.auth.getSnapshot().status).toBe('anonymous');
  });

  it('in the callback page itself: the callback fails with signed_out and nothing reaches the other tabs', async () => {
    const other = await harness.signedInTab();
    const auth = await callbackPage();
    const requests = holdTokenRequests();

    const callback = auth.authCallback(REDIRECT_URI).catch((error: unknown) => error);
    await waitFor(() => requests.sent() === 1, 2_000, 'the code exchange to be sent');
    await auth.logout(PAGE_URL);
    requests.release();

    expect((await callback) as FiefAuthCallbackError).toMatchObject({ reason: 'signed_out' });
    expect(auth.getSnapshot().tokenInfo).toBeNull();
    await waitFor(() => other.auth.getSnapshot().status === 'anonymous', 2_000, 'the other tab to sign out');
  });

  it('before the code exchange was sent: the new sign-in holds', async () => {
    const other = await harness.signedInTab({ navigate: () => {} });
    await other.auth.logout(PAGE_URL);
    const auth = await callbackPage();

    const result = await auth.authCallback(REDIRECT_URI);

    expect(auth.getSnapshot().tokenInfo?.access_token).toBe(result.tokens.access_token);
    await waitFor(
      () => accessTokenOf(other.auth) === result.tokens.access_token,
      2_000,
      'the tab that signed out to adopt the new sign-in',
    );
  });
});
