/**
 * Hostile callback URLs without a `state` (a link someone crafted, opened by a signed-in user): such a URL has no
 * login to finish, so nothing else in it may be read or change what the tab does. A URL whose `state` is there but
 * odd (empty, twice) is a login's response and is checked as one.
 */

import { DEMO_USER } from '@fief-spa/dev-server';
import { describe, expect, it } from 'vitest';
import type { FiefAuth } from '../fiefAuth.js';
import { FiefAuthCallbackError } from '../fiefAuthCallbackError.js';
import { MemoryStorage } from '../storage.js';
import { InTestTabs, REDIRECT_URI, setPageURL, tokenRequests, useAuthHarness } from './authTestKit.js';

const harness = useAuthHarness();

/** A tab signed in before this page loaded (its engine read the session from storage). */
async function reloadedSignedIn(): Promise<FiefAuth> {
  const tab = await harness.signedInTab();
  tab.auth.dispose();
  const auth = harness.engine({ storage: tab.storage });
  auth.start();
  return auth;
}

/** What `promise` settled with: its result, or the error it rejected with. */
const settled = (promise: Promise<unknown>): Promise<unknown> => promise.catch((error: unknown) => error);

describe('a hostile callback URL without state, opened by a signed-in tab', () => {
  const visits = [
    // RFC 6749 §3.1's duplicate check reads the parameters: it must not run without a state.
    { name: 'a code given twice', suffix: '?code=one&code=two' },
    { name: 'an error given twice', suffix: '?error=access_denied&error=login_required' },
    { name: 'an iss given twice', suffix: '?iss=https%3A%2F%2Fa.example&iss=https%3A%2F%2Fb.example' },
    { name: "another issuer's iss", suffix: '?code=forged&iss=https%3A%2F%2Fevil.example' },
    { name: 'STATE in capitals', suffix: `?code=forged&STATE=${'x'.repeat(43)}` },
    { name: 'the state in the fragment', suffix: `#code=forged&state=${'x'.repeat(43)}` },
  ];
  for (const { name, suffix } of visits) {
    it(`${name}: resolves with its session, sends nothing, keeps its snapshot`, async () => {
      const auth = await reloadedSignedIn();
      const snapshot = auth.getSnapshot();
      const before = tokenRequests(harness.server);
      setPageURL(REDIRECT_URI + suffix);

      expect(await settled(auth.authCallback(REDIRECT_URI))).toMatchObject({
        alreadySignedIn: true,
        returnTo: '/',
        userinfo: { email: DEMO_USER.email },
      });
      expect(auth.getSnapshot()).toBe(snapshot);
      expect(tokenRequests(harness.server)).toBe(before);
    });
  }
});

describe('a callback URL whose state is there but odd, opened by a signed-in tab', () => {
  const visits = [
    { name: 'an empty state', suffix: '?code=forged&state=', reason: 'unknown_state' },
    { name: 'a state given twice', suffix: '?code=forged&state=a&state=b', reason: 'duplicate_parameter' },
  ];
  for (const { name, suffix, reason } of visits) {
    it(`${name}: is refused (${reason}), its session untouched`, async () => {
      const auth = await reloadedSignedIn();
      const snapshot = auth.getSnapshot();
      setPageURL(REDIRECT_URI + suffix);

      const error = await settled(auth.authCallback(REDIRECT_URI));
      expect(error).toBeInstanceOf(FiefAuthCallbackError);
      expect(error).toMatchObject({ reason });
      expect(auth.getSnapshot()).toBe(snapshot);
    });
  }
});

describe('a hostile callback URL without state, opened by a signed-out tab', () => {
  it('is refused with missing_state: the forged error and its description are not read', async () => {
    setPageURL(`${REDIRECT_URI}?error=access_denied&error_description=Call+0800+to+unlock&iss=x`);
    const { auth } = harness.openTab();

    const error = await settled(auth.authCallback(REDIRECT_URI));

    expect(error).toBeInstanceOf(FiefAuthCallbackError);
    expect(error).toMatchObject({ reason: 'missing_state', error: undefined, errorDescription: undefined });
    expect((error as Error).message).not.toContain('0800');
    expect(auth.getSnapshot()).toMatchObject({ status: 'error', userinfo: null, tokenInfo: null });
  });
});

describe('two engines of the same client on one page, one refused URL (callbacksInFlight shares it)', () => {
  it('without state: the signed-in engine goes on, the signed-out one is refused, each its own way', async () => {
    const signedIn = await reloadedSignedIn();
    // Its own channel: no tab hands it a session (on the shared one, the signed-in engine would).
    const signedOut = harness.engine(new InTestTabs().tabOptions());
    signedOut.start();
    setPageURL(`${REDIRECT_URI}?code=forged`);

    const [kept, refused] = await Promise.all([
      settled(signedIn.authCallback(REDIRECT_URI)),
      settled(signedOut.authCallback(REDIRECT_URI)),
    ]);

    expect(kept).toMatchObject({ alreadySignedIn: true, userinfo: { email: DEMO_USER.email } });
    expect(refused).toBeInstanceOf(FiefAuthCallbackError);
    expect(refused).toMatchObject({ reason: 'missing_state' });
    expect(signedIn.getSnapshot().status).toBe('authenticated');
    expect(signedOut.getSnapshot()).toMatchObject({ status: 'error', tokenInfo: null });
  });

  it('with an unknown state: both are refused with the worded error, and nothing is sent', async () => {
    const first = await reloadedSignedIn();
    const second = harness.engine({ storage: new MemoryStorage() });
    const before = tokenRequests(harness.server);
    setPageURL(`${REDIRECT_URI}?code=forged&state=${'y'.repeat(43)}`);

    const outcomes = await Promise.all([
      settled(first.authCallback(REDIRECT_URI)),
      settled(second.authCallback(REDIRECT_URI)),
    ]);

    for (const outcome of outcomes) {
      expect(outcome).toBeInstanceOf(FiefAuthCallbackError);
      expect(outcome).toMatchObject({
        reason: 'unknown_state',
        message: expect.stringMatching(/^expected the state of a login started in this tab/),
      });
    }
    expect(tokenRequests(harness.server)).toBe(before);
    expect(first.getSnapshot().status).toBe('authenticated');
  });
});
