/**
 * The callback page of a login the demo user made, for tests against the dev server (`useAuthHarness`): an engine
 * on the callback URL, and its code exchange held on its way while something else happens.
 */

import type { FiefAuth } from '../fiefAuth.js';
import type { FiefAuthOptions } from '../fiefAuthOptions.js';
import {
  loginUntilCallback,
  REDIRECT_URI,
  recordNavigation,
  setPageURL,
  type useAuthHarness,
  waitFor,
} from './authTestKit.js';
import { holdTokenRequests } from './heldTokenRequests.js';

type AuthHarness = ReturnType<typeof useAuthHarness>;

/**
 * A started engine with `options` whose login the demo user made at the dev server: the page is left on the callback
 * URL, `url`, its pending login in `sessionStorage`.
 */
export async function callbackPage(
  harness: AuthHarness,
  options: FiefAuthOptions = {},
): Promise<{ auth: FiefAuth; url: string }> {
  const navigation = recordNavigation();
  const auth = harness.engine({ ...options, navigate: navigation.navigate });
  auth.start();
  return { auth, url: await loginUntilCallback(auth, navigation) };
}

/**
 * A login stopped on the callback page, then a fresh page on the callback URL: a new engine with `options` (and a new
 * `Fief`), not started, which shares nothing with the engine that started the login but the storage.
 */
export async function freshCallbackPage(
  harness: AuthHarness,
  options: FiefAuthOptions = {},
): Promise<FiefAuth> {
  const navigation = recordNavigation();
  const first = harness.engine({ navigate: navigation.navigate });
  const callbackURL = await loginUntilCallback(first, navigation);
  first.dispose();
  setPageURL(callbackURL);
  return harness.engine(options);
}

/**
 * The callback page's code exchange held on its way while `during` runs: the engine, and what `authCallback`
 * settled with (its result, or the error it rejected with).
 */
export async function exchangeAround(
  harness: AuthHarness,
  options: FiefAuthOptions,
  during: (auth: FiefAuth) => Promise<void>,
): Promise<{ auth: FiefAuth; outcome: unknown }> {
  const { auth } = await callbackPage(harness, options);
  const requests = holdTokenRequests();
  const callback = auth.authCallback(REDIRECT_URI).catch((error: unknown) => error);
  await waitFor(() => requests.sent() === 1, 2_000, 'the code exchange to be sent');
  await during(auth);
  requests.releaseAll();
  return { auth, outcome: await callback };
}
