/**
 * What a callback URL without `state` waits for before it answers (`SessionEngine.stateless`): the tab to settle. A
 * tab whose session ends meanwhile (another tab's sign-out), or whose settling fails (its refresh), must still be
 * refused as a callback is: a `FiefAuthCallbackError` `missing_state`, never as signed in, never with another error.
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import { FiefAuthCallbackError } from '../fiefAuthCallbackError.js';
import type { MemoryStorage } from '../storage.js';
import { copyOfStorage, REDIRECT_URI, setPageURL, useAuthHarness, waitFor } from './authTestKit.js';

const harness = useAuthHarness();

afterEach(() => {
  vi.unstubAllGlobals();
});

/** What `promise` settled with: its result, or the error it rejected with. */
const settled = (promise: Promise<unknown>): Promise<unknown> => promise.catch((error: unknown) => error);

describe('a callback URL without state', () => {
  it('a new tab whose only signed-in tab signs out while it asks is refused (missing_state)', async () => {
    const signedIn = await harness.signedInTab({ navigate: () => {} });
    harness.tabs.latencyMs = 60;
    setPageURL(`${REDIRECT_URI}?code=forged`);
    const { auth } = harness.openTab();
    const callback = settled(auth.authCallback(REDIRECT_URI));
    // The other tab signs out just after it answered: its answer and its sign-out are both on their way.
    const kinds = () =>
      harness.tabs.posted.map((message) => (JSON.parse(String(message)) as { kind: string }).kind);
    await waitFor(() => kinds().join() === 'query,session,query,session', 2_000, 'the answer to the new tab');
    void signedIn.auth.logout(REDIRECT_URI).catch(() => {});

    const outcome = await callback;
    expect(kinds()).toEqual(['query', 'session', 'query', 'session', 'logout']);
    expect(outcome).toBeInstanceOf(FiefAuthCallbackError);
    expect(outcome).toMatchObject({ reason: 'missing_state' });
    expect(auth.getSnapshot()).toMatchObject({ userinfo: null, tokenInfo: null });
  });

  it('an engine never started, its stored session due and Fief unreachable, is refused with missing_state', async () => {
    const tab = await harness.signedInTab();
    tab.auth.dispose();
    const storage: MemoryStorage = copyOfStorage(tab.storage);
    // Two hours later: the access token (an hour) expired, a refresh is needed to settle.
    const later = Date.now() + 2 * 3_600_000;
    const auth = harness.engine({ storage, clock: () => later });
    expect(auth.getSnapshot().status).toBe('loading');
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    setPageURL(REDIRECT_URI);

    const outcome = await settled(auth.authCallback(REDIRECT_URI));

    expect(outcome).toBeInstanceOf(FiefAuthCallbackError);
    expect(outcome).toMatchObject({ reason: 'missing_state' });
  });
});

describe('a callback URL without state visited again in the same page (in-app Back to the callback route)', () => {
  // `callbackRuns.once` answers a call on the cleaned URL with the engine's last run (StrictMode's second call, a
  // remount), but only while the tab holds the tokens that run gave. Before, a tab that signed out since, back on the
  // callback route without a page load, resolved with the login it made (its tokens, its `returnTo`;
  // `<FiefAuthCallback>` called `onSuccess` again) though it held no session.
  it('after a sign-out, is refused (missing_state): it does not resolve with the session the tab held', async () => {
    const tab = await harness.signedInTab({ navigate: () => {} });
    await tab.auth.logout(REDIRECT_URI).catch(() => {});
    expect(tab.auth.getSnapshot()).toMatchObject({ status: 'anonymous', tokenInfo: null });
    setPageURL(REDIRECT_URI);

    const outcome = await settled(tab.auth.authCallback(REDIRECT_URI));

    expect(outcome).toBeInstanceOf(FiefAuthCallbackError);
    expect(outcome).toMatchObject({ reason: 'missing_state' });
  });

  it("after a refresh, goes on with the tokens the tab holds now, not the login's", async () => {
    const tab = await harness.signedInTab();
    setPageURL(REDIRECT_URI);
    const login = await tab.auth.authCallback(REDIRECT_URI);
    const refreshed = await tab.auth.getAccessToken({ forceRefresh: true });
    expect(refreshed).not.toBe(login.tokens.access_token);

    const outcome = await tab.auth.authCallback(REDIRECT_URI);

    expect(outcome).toMatchObject({ alreadySignedIn: true, returnTo: '/' });
    expect(outcome.tokens.access_token).toBe(refreshed);
  });

  it("while the tab holds the login's tokens, answers with the login itself (a remount)", async () => {
    const tab = await harness.signedInTab();
    setPageURL(REDIRECT_URI);
    const first = tab.auth.authCallback(REDIRECT_URI);
    await first;

    expect(tab.auth.authCallback(REDIRECT_URI)).toBe(first);
  });
});
