/**
 * The page of the login-after-logout tests (`loginAfterLogout*.dom.test.ts`): a started engine signed in through
 * the dev server's login form, whose navigations, debug log and clock the test holds.
 */

import { onTestFinished, vi } from 'vitest';
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
 * the engine's clock, which otherwise stands still (only its own: timers stay real). With `byLocation`, the engine keeps the default `navigate`
 * (`location.assign`, recorded instead of followed until the test ends), as an app does.
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
  { byLocation = false }: { byLocation?: boolean } = {},
) {
  const navigation = recordNavigation();
  const events: FiefLogEvent[] = [];
  let offsetMs = 0;
  const record = (url: string) => {
    navigation.navigate(url);
    navigate?.(url);
  };
  if (byLocation) {
    const assign = vi.spyOn(window.location, 'assign').mockImplementation((url) => record(String(url)));
    onTestFinished(() => {
      assign.mockRestore();
      // The default navigate's wait is the window's, which the next test shares: that test is another page.
      const shown = new Event('pageshow');
      Object.defineProperty(shown, 'persisted', { value: true });
      window.dispatchEvent(shown);
    });
  }
  const startedAt = Date.now();
  const auth = harness.engine({
    ...(byLocation ? {} : { navigate: record }),
    logger: (event) => events.push(event),
    // Still but for `later`: a real clock moving on under load put a check 1 ms before the bound past it.
    clock: () => startedAt + offsetMs,
  });
  auth.start();
  await loginUntilCallback(auth, navigation);
  await auth.authCallback(REDIRECT_URI);
  setPageURL(PAGE_URL);
  const paths = () => navigation.urls.map((url) => new URL(url).pathname);
  return { auth, events, navigate: record, paths, later: (ms: number) => (offsetMs += ms) };
}
