/**
 * A login started while the page leaves for Fief's logout (a route guard finding no session on the page a sign-out
 * action redirected to, a click on "Sign in") does not navigate: the browser follows the last navigation, and the
 * login's would replace the logout's, leaving Fief's session open and signing the user straight back in.
 */
import { describe, expect, it } from 'vitest';
import { LOGOUT_DEPARTURE_MS } from '../pageDeparture.js';
import { PAGE_URL, REDIRECT_URI, recordNavigation, useAuthHarness } from './authTestKit.js';
import { signedInPage } from './signedInDeparturePage.js';

const harness = useAuthHarness();

const pendingLogins = () => Object.keys(sessionStorage).filter((key) => key.includes('pending'));

describe('a login after logout() navigated, in the same page', () => {
  it('does not navigate, saves no pending login, shows no error, and says so in the log', async () => {
    const page = await signedInPage(harness);
    await page.auth.logout(PAGE_URL);
    const before = pendingLogins();

    await page.auth.redirectToLogin(REDIRECT_URI);

    expect(page.paths()).toEqual(['/authorize', '/logout']);
    expect(pendingLogins()).toEqual(before);
    expect(page.auth.getSnapshot()).toMatchObject({ status: 'anonymous', error: null });
    expect(page.events.filter((event) => event.type === 'login.skipped')).toHaveLength(1);
  });

  it('does not navigate when the logout navigated while the login was being prepared', async () => {
    const page = await signedInPage(harness);
    const login = page.auth.redirectToLogin(REDIRECT_URI);
    await page.auth.logout(PAGE_URL);
    await login;

    expect(page.paths()).toEqual(['/authorize', '/logout']);
  });

  it.each([
    ['back from the back-forward cache', () => window.dispatchEvent(pageShow(true))],
    ['shown again in its tab', () => document.dispatchEvent(new Event('visibilitychange'))],
  ])('navigates once the page is %s', async (_name, showAgain) => {
    const page = await signedInPage(harness);
    await page.auth.logout(PAGE_URL);

    showAgain();
    await page.auth.redirectToLogin(REDIRECT_URI);

    expect(page.paths()).toEqual(['/authorize', '/logout', '/authorize']);
  });

  it(`navigates ${LOGOUT_DEPARTURE_MS / 1000} s after the logout's navigation (a custom navigate kept the page)`, async () => {
    const page = await signedInPage(harness);
    await page.auth.logout(PAGE_URL);

    page.later(LOGOUT_DEPARTURE_MS - 1);
    await page.auth.redirectToLogin(REDIRECT_URI);
    expect(page.paths()).toEqual(['/authorize', '/logout']);
    page.later(1);
    await page.auth.redirectToLogin(REDIRECT_URI);
    expect(page.paths()).toEqual(['/authorize', '/logout', '/authorize']);
  });

  it('navigates when the logout could not navigate (navigate threw: the page stays)', async () => {
    const page = await signedInPage(harness, (url) => {
      if (new URL(url).pathname === '/logout') throw new Error('blocked');
    });
    await expect(page.auth.logout(PAGE_URL)).rejects.toThrow('blocked');

    await page.auth.redirectToLogin(REDIRECT_URI);

    expect(page.paths()).toEqual(['/authorize', '/logout', '/authorize']);
  });

  it('does not navigate after a logout made before the session chunk was asked for (a fresh engine)', async () => {
    const page = await signedInPage(harness);
    page.auth.dispose();
    const navigation = recordNavigation();
    const fresh = harness.engine({ navigate: navigation.navigate });
    await fresh.logout(PAGE_URL);

    await fresh.redirectToLogin(REDIRECT_URI);
    // `FiefAuth` asks for discovery as a login starts, before it knows the page is leaving: let it land.
    await fresh.fief.getOpenIDConfiguration();

    expect(navigation.urls.map((url) => new URL(url).pathname)).toEqual(['/logout']);
  });
});

function pageShow(persisted: boolean): Event {
  const event = new Event('pageshow');
  Object.defineProperty(event, 'persisted', { value: persisted });
  return event;
}
