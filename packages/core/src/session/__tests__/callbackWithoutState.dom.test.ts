import { DEMO_USER } from '@fief-spa/dev-server';
import { describe, expect, it } from 'vitest';
import type { FiefAuth } from '../fiefAuth.js';
import { FiefAuthCallbackError, type FiefAuthCallbackErrorReason } from '../fiefAuthCallbackError.js';
import { MemoryStorage } from '../storage.js';
import { REDIRECT_URI, setPageURL, tokenRequests, useAuthHarness } from './authTestKit.js';

const harness = useAuthHarness();

/** The reason `promise` was refused with (it must be a `FiefAuthCallbackError`). */
async function refusal(promise: Promise<unknown>): Promise<FiefAuthCallbackErrorReason> {
  const error = await promise.then(
    () => new Error('expected the callback to be refused, it resolved'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FiefAuthCallbackError);
  return (error as FiefAuthCallbackError).reason;
}

/** A tab signed in before this page loaded: its engine read the session from storage (no callback of its own ran). */
async function reloadedSignedIn(): Promise<FiefAuth> {
  const tab = await harness.signedInTab();
  tab.auth.dispose();
  const auth = harness.engine({ storage: tab.storage });
  auth.start();
  expect(auth.getSnapshot().status).toBe('authenticated');
  return auth;
}

// A visit to the callback page with no authorization response: a bookmark, the page reloaded or reached with Back after
// the login. It has no login to finish. A signed-in user was shown "expected a state in the callback URL"; they now
// land on the app. Nothing an attacker puts in such a URL (a code, an error, a description) is read.
describe('a callback URL without state', () => {
  const visits = [
    { name: 'bare', query: '' },
    { name: 'with a code', query: '?code=forged-code' },
    { name: 'with an error', query: '?error=access_denied&error_description=Call+0800+to+unlock' },
  ];

  for (const { name, query } of visits) {
    it(`${name}: a signed-in tab resolves with its session, to return to /, and sends nothing`, async () => {
      const auth = await reloadedSignedIn();
      const snapshot = auth.getSnapshot();
      const before = tokenRequests(harness.server);
      setPageURL(REDIRECT_URI + query);

      const result = await auth.authCallback(REDIRECT_URI);

      expect(result).toMatchObject({ returnTo: '/', alreadySignedIn: true });
      expect(result.userinfo.email).toBe(DEMO_USER.email);
      expect(result.tokens).toBe(snapshot.tokenInfo);
      expect(auth.getSnapshot()).toBe(snapshot);
      expect(tokenRequests(harness.server)).toBe(before);
      expect(window.location.href).toBe(REDIRECT_URI);
    });
  }

  it('a new tab resolves with the session another tab hands it, once it has it', async () => {
    await harness.signedInTab();
    setPageURL(REDIRECT_URI);
    const { auth } = harness.openTab();
    // Per-tab storage: this tab holds nothing yet, and asks the other one.
    expect(auth.getSnapshot().status).toBe('loading');

    const result = await auth.authCallback(REDIRECT_URI);

    expect(result).toMatchObject({ returnTo: '/', alreadySignedIn: true });
    expect(result.userinfo.email).toBe(DEMO_USER.email);
    expect(auth.getSnapshot().status).toBe('authenticated');
  });

  it('a signed-out tab is refused with missing_state, as before, once no other tab answered', async () => {
    setPageURL(`${REDIRECT_URI}?code=forged-code`);
    const { auth } = harness.openTab();

    expect(await refusal(auth.authCallback(REDIRECT_URI))).toBe('missing_state');
    expect(auth.getSnapshot()).toMatchObject({ status: 'error', userinfo: null, tokenInfo: null });
    expect(window.location.href).toBe(REDIRECT_URI);
  });

  it('an engine never started (code outside React) is refused too, and does not wait for a start', async () => {
    setPageURL(REDIRECT_URI);
    const auth = harness.engine({ storage: new MemoryStorage() });

    expect(await refusal(auth.authCallback(REDIRECT_URI))).toBe('missing_state');
  });

  it('runs once: a second call (StrictMode) gets the promise of the first', async () => {
    const auth = await reloadedSignedIn();
    setPageURL(REDIRECT_URI);
    const first = auth.authCallback(REDIRECT_URI);
    expect(auth.authCallback(REDIRECT_URI)).toBe(first);
    expect((await first).alreadySignedIn).toBe(true);
  });
});

describe('a signed-in tab on a callback URL with a state it never sent', () => {
  it('is refused (unknown_state), its session untouched: a state is always checked', async () => {
    const auth = await reloadedSignedIn();
    const snapshot = auth.getSnapshot();
    setPageURL(`${REDIRECT_URI}?code=forged-code&state=${'x'.repeat(43)}`);

    expect(await refusal(auth.authCallback(REDIRECT_URI))).toBe('unknown_state');
    expect(auth.getSnapshot()).toBe(snapshot);
  });
});
