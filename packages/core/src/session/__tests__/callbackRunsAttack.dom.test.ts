/**
 * When `authCallback` answers a call with the engine's previous callback run (`callbackRuns.once`), and when it starts
 * a new one. The rule: the previous run's promise while it runs (StrictMode's second call), and after it settled only
 * while the tab holds the tokens it held when that run ended; otherwise the call is answered anew, as any callback URL
 * without `state` is (`alreadySignedIn` for a signed-in tab, `missing_state` for a signed-out one).
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import { FiefAuthCallbackError } from '../fiefAuthCallbackError.js';
import {
  loginUntilCallback,
  REDIRECT_URI,
  recordNavigation,
  setPageURL,
  tokenRequests,
  useAuthHarness,
  waitFor,
} from './authTestKit.js';

const harness = useAuthHarness();

afterEach(() => {
  vi.unstubAllGlobals();
});

/** What `promise` settled with: its result, or the error it rejected with. */
const settled = (promise: Promise<unknown>): Promise<unknown> => promise.catch((error: unknown) => error);

describe('a failed callback run, called again on the cleaned callback URL', () => {
  it('after the tab signed in since (another tab), goes on with its session, not the old refusal', async () => {
    const tab = harness.openTab();
    setPageURL(REDIRECT_URI);
    const refused = await settled(tab.auth.authCallback(REDIRECT_URI));
    expect(refused).toMatchObject({ reason: 'missing_state' });

    await harness.signedInTab();
    await waitFor(() => tab.auth.getSnapshot().status === 'authenticated', 5_000, 'the other tab’s session');
    setPageURL(REDIRECT_URI);

    const outcome = await settled(tab.auth.authCallback(REDIRECT_URI));

    expect(outcome).toMatchObject({ alreadySignedIn: true, returnTo: '/' });
    expect(outcome).toMatchObject({ tokens: tab.auth.getSnapshot().tokenInfo });
  });

  it('while the tab holds what it held when the run failed, is answered with that failure (a remount)', async () => {
    const tab = harness.openTab();
    setPageURL(REDIRECT_URI);
    const first = tab.auth.authCallback(REDIRECT_URI);
    await settled(first);

    expect(tab.auth.authCallback(REDIRECT_URI)).toBe(first);
  });

  it('a signed-in tab whose callback was refused (unknown state), signed out since, is refused missing_state', async () => {
    const tab = await harness.signedInTab({ navigate: () => {} });
    setPageURL(`${REDIRECT_URI}?code=forged&state=unknown`);
    const failed = await settled(tab.auth.authCallback(REDIRECT_URI));
    expect(failed).toMatchObject({ reason: 'unknown_state' });
    await tab.auth.logout(REDIRECT_URI).catch(() => {});
    setPageURL(REDIRECT_URI);

    const outcome = await settled(tab.auth.authCallback(REDIRECT_URI));

    expect(outcome).toBeInstanceOf(FiefAuthCallbackError);
    expect(outcome).toMatchObject({ reason: 'missing_state' });
  });
});

describe('the callback URL of a finished login, in the address bar again (the app put it back)', () => {
  it('after a refresh, its code is not sent again, and the login is not answered with tokens the tab lost', async () => {
    const navigation = recordNavigation();
    const tab = harness.openTab({ navigate: navigation.navigate });
    const callbackURL = await loginUntilCallback(tab.auth, navigation);
    const login = await tab.auth.authCallback(REDIRECT_URI);
    await tab.auth.getAccessToken({ forceRefresh: true });
    const requests = tokenRequests(harness.server);
    setPageURL(callbackURL);

    const outcome = await settled(tab.auth.authCallback(REDIRECT_URI));

    expect(tokenRequests(harness.server)).toBe(requests);
    expect(outcome).not.toBe(login);
    if (!(outcome instanceof Error))
      expect(outcome).toMatchObject({ tokens: tab.auth.getSnapshot().tokenInfo });
  });
});
