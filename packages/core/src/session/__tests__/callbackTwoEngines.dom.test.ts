/**
 * Two engines of one client on one page (two app roots, a micro-frontend) both run the callback: one token request for
 * the code, each engine resolves with the tokens it holds, and after one signs out neither answers the cleaned callback
 * URL with the login again.
 */

import { describe, expect, it } from 'vitest';
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

const settled = (promise: Promise<unknown>): Promise<unknown> => promise.catch((error: unknown) => error);

describe('two engines of one page on the callback URL', () => {
  it('share one token request, each resolves with its own held tokens, and neither answers again after a sign-out', async () => {
    const navigation = recordNavigation();
    const first = harness.engine({ navigate: navigation.navigate });
    const second = harness.engine({ navigate: () => {} });
    first.start();
    second.start();
    await loginUntilCallback(first, navigation);
    const requests = tokenRequests(harness.server);

    const [a, b] = await Promise.all([first.authCallback(REDIRECT_URI), second.authCallback(REDIRECT_URI)]);

    expect(tokenRequests(harness.server)).toBe(requests + 1);
    expect(a.tokens).toBe(first.getSnapshot().tokenInfo);
    expect(b.tokens).toBe(second.getSnapshot().tokenInfo);

    await first.logout(REDIRECT_URI).catch(() => {});
    await waitFor(
      () => second.getSnapshot().status === 'anonymous',
      5_000,
      'the second engine to hear the sign-out',
    );
    setPageURL(REDIRECT_URI);
    const outcomes = await Promise.all([
      settled(first.authCallback(REDIRECT_URI)),
      settled(second.authCallback(REDIRECT_URI)),
    ]);

    for (const outcome of outcomes) {
      expect(outcome).toBeInstanceOf(FiefAuthCallbackError);
      expect(outcome).toMatchObject({ reason: 'missing_state' });
    }
  });
});
