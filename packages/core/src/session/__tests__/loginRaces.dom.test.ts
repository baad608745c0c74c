/**
 * What happens to a login whose code exchange is on its way while something else happens: a sign-out stands (the user
 * signed out after Fief issued the tokens); a login sent after it that lands first stays. The model's `SignInAgain`
 * with a late exchange found both.
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import { FiefAuthCallbackError } from '../fiefAuthCallbackError.js';
import { MemoryStorage, storageKeyPrefix } from '../storage.js';
import { keysWithPrefix } from '../storageListing.js';
import {
  accessTokenOf,
  PAGE_URL,
  REDIRECT_URI,
  setPageURL,
  sleep,
  useAuthHarness,
  waitFor,
} from './authTestKit.js';
import { callbackPage } from './callbackPages.js';
import { holdTokenRequests } from './heldTokenRequests.js';

const harness = useAuthHarness();

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a sign-out while the code exchange is on its way', () => {
  it('in another tab: the callback fails with signed_out, stores nothing, and the page says why', async () => {
    const other = await harness.signedInTab({ navigate: () => {} });
    const { auth } = await callbackPage(harness);
    const requests = holdTokenRequests();

    const callback = auth.authCallback(REDIRECT_URI).catch((error: unknown) => error);
    await waitFor(() => requests.sent() === 1, 2_000, 'the code exchange to be sent');
    await other.auth.logout(PAGE_URL);
    requests.releaseAll();

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
    const { auth } = await callbackPage(harness);
    const requests = holdTokenRequests();

    const callback = auth.authCallback(REDIRECT_URI).catch((error: unknown) => error);
    await waitFor(() => requests.sent() === 1, 2_000, 'the code exchange to be sent');
    await auth.logout(PAGE_URL);
    requests.releaseAll();

    expect((await callback) as FiefAuthCallbackError).toMatchObject({ reason: 'signed_out' });
    expect(auth.getSnapshot().tokenInfo).toBeNull();
    await waitFor(() => other.auth.getSnapshot().status === 'anonymous', 2_000, 'the other tab to sign out');
  });

  it('before the code exchange was sent: the new sign-in holds', async () => {
    const other = await harness.signedInTab({ navigate: () => {} });
    await other.auth.logout(PAGE_URL);
    const { auth } = await callbackPage(harness);

    const result = await auth.authCallback(REDIRECT_URI);

    expect(auth.getSnapshot().tokenInfo?.access_token).toBe(result.tokens.access_token);
    await waitFor(
      () => accessTokenOf(other.auth) === result.tokens.access_token,
      2_000,
      'the tab that signed out to adopt the new sign-in',
    );
  });
});

describe('two logins at once', () => {
  it('the one whose code exchange was sent last stays in every tab, though the first one landed last', async () => {
    const first = await callbackPage(harness, { storage: new MemoryStorage() });
    const second = await callbackPage(harness, { storage: new MemoryStorage() });
    const requests = holdTokenRequests();

    setPageURL(first.url);
    const firstResult = first.auth.authCallback(REDIRECT_URI);
    await waitFor(() => requests.sent() === 1, 2_000, 'the first code exchange to be sent');
    // The engine orders sign-ins by the time their code exchange was sent, to the millisecond.
    await sleep(5);
    setPageURL(second.url);
    const secondResult = second.auth.authCallback(REDIRECT_URI);
    await waitFor(() => requests.sent() === 2, 2_000, 'the second code exchange to be sent');
    requests.release(1);
    const kept = await secondResult;
    requests.release(0);

    expect((await firstResult).tokens.access_token).toBe(kept.tokens.access_token);
    expect(accessTokenOf(first.auth)).toBe(kept.tokens.access_token);
    expect(accessTokenOf(second.auth)).toBe(kept.tokens.access_token);
    requests.releaseAll();
  });
});
