/**
 * Two engines of one client on one callback page (two providers, or one remounted) share one code exchange
 * (`callbacksInFlight`): a sign-out while it is on its way fails both callbacks alike, and neither keeps the sign-in.
 * So do two calls of one engine (StrictMode runs an effect twice).
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FiefAuthOptions } from '../fiefAuthOptions.js';
import { MemoryStorage } from '../storage.js';
import {
  loginUntilCallback,
  PAGE_URL,
  REDIRECT_URI,
  recordNavigation,
  useAuthHarness,
  waitFor,
} from './authTestKit.js';
import { holdTokenRequests } from './heldTokenRequests.js';

const harness = useAuthHarness();

afterEach(() => {
  vi.unstubAllGlobals();
});

describe.each([
  ['with the logout mark shared', {}],
  ['with no storage shared', { shared: null }],
])('two engines on one callback page, %s', (_name, sync) => {
  const options = (): FiefAuthOptions => ({
    tabSync: { channel: harness.tabs.channel, locks: harness.tabs.locks, ...sync },
    storage: new MemoryStorage(),
  });

  it('a sign-out in one of them while the shared exchange is on its way fails both with signed_out', async () => {
    const navigation = recordNavigation();
    const first = harness.engine({ ...options(), navigate: navigation.navigate });
    first.start();
    await loginUntilCallback(first, navigation);
    const second = harness.engine({ ...options(), navigate: () => {} });
    second.start();
    const requests = holdTokenRequests();

    const callbacks = [first, second].map((auth) =>
      auth.authCallback(REDIRECT_URI).catch((error: unknown) => error),
    );
    await waitFor(() => requests.sent() === 1, 2_000, 'the code exchange to be sent');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests.sent()).toBe(1);
    await first.logout(PAGE_URL);
    await new Promise((resolve) => setTimeout(resolve, 20));
    requests.releaseAll();

    const outcomes = await Promise.all(callbacks);
    expect(outcomes).toMatchObject([{ reason: 'signed_out' }, { reason: 'signed_out' }]);
    expect(first.getSnapshot().tokenInfo).toBeNull();
    expect(second.getSnapshot().tokenInfo).toBeNull();
  });

  it('called twice on one engine (StrictMode), both calls fail with signed_out', async () => {
    const navigation = recordNavigation();
    const auth = harness.engine({ ...options(), navigate: navigation.navigate });
    auth.start();
    await loginUntilCallback(auth, navigation);
    const requests = holdTokenRequests();

    const calls = [auth.authCallback(REDIRECT_URI), auth.authCallback(REDIRECT_URI)];
    await waitFor(() => requests.sent() === 1, 2_000, 'the code exchange to be sent');
    await auth.logout(PAGE_URL);
    requests.releaseAll();

    const outcomes = await Promise.all(calls.map((call) => call.catch((error: unknown) => error)));
    expect(outcomes).toMatchObject([{ reason: 'signed_out' }, { reason: 'signed_out' }]);
    expect(requests.sent()).toBe(1);
    expect(auth.getSnapshot().tokenInfo).toBeNull();
  });
});
