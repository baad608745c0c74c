/**
 * The page of the login-after-logout tests (`loginAfterLogout*.dom.test.ts`): a started engine signed in through
 * the dev server's login form, whose navigations, debug log and clock the test holds.
 */

import type { FiefLogEvent } from '../logEvents.js';
import {
  loginUntilCallback,
  PAGE_URL,
  REDIRECT_URI,
  recordNavigation,
  setPageURL,
  type useAuthHarness,
} from './authTestKit.js';

/**
 * Signs a new engine of `harness` in; `navigate` also sees every navigation (to make one throw). `later(ms)` moves
 * the engine's clock (only its own: timers stay real).
 *
 * @example
 * ```ts
 * const page = await signedInPage(harness);
 * await page.auth.logout(PAGE_URL);
 * expect(page.paths()).toEqual(['/authorize', '/logout']);
 * ```
 */
export async function signedInPage(
  harness: ReturnType<typeof useAuthHarness>,
  navigate?: (url: string) => void,
) {
  const navigation = recordNavigation();
  const events: FiefLogEvent[] = [];
  let offsetMs = 0;
  const auth = harness.engine({
    navigate: (url) => {
      navigation.navigate(url);
      navigate?.(url);
    },
    logger: (event) => events.push(event),
    clock: () => Date.now() + offsetMs,
  });
  auth.start();
  await loginUntilCallback(auth, navigation);
  await auth.authCallback(REDIRECT_URI);
  setPageURL(PAGE_URL);
  const paths = () => navigation.urls.map((url) => new URL(url).pathname);
  return { auth, events, paths, later: (ms: number) => (offsetMs += ms) };
}
