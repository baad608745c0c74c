/**
 * What ends the wait of a login after `logout()` navigated (`pageDeparture.ts`), and what a skipped login leaves
 * behind: only the page shown again or 10 s on the engine's clock end it, whatever else the page hears meanwhile; a
 * skipped login leaves no pending login, however late it was skipped; the wait is every engine's of the page that
 * leaves it the same way.
 */
import { describe, expect, it } from 'vitest';
import { LOGOUT_DEPARTURE_MS } from '../pageDeparture.js';
import { PAGE_URL, REDIRECT_URI, recordNavigation, useAuthHarness } from './authTestKit.js';
import { signedInPage } from './signedInDeparturePage.js';

const harness = useAuthHarness();

const pendingLogins = () => Object.keys(sessionStorage).filter((key) => key.includes('pending'));

function pageShow(persisted: boolean): Event {
  const event = new Event('pageshow');
  Object.defineProperty(event, 'persisted', { value: persisted });
  return event;
}

describe('a login skipped because the page leaves for Fief logout', () => {
  it('leaves no pending login when the logout navigated while it was being prepared', async () => {
    const page = await signedInPage(harness);
    const before = pendingLogins();
    const login = page.auth.redirectToLogin(REDIRECT_URI);
    await page.auth.logout(PAGE_URL);
    await login;

    expect(page.paths()).toEqual(['/authorize', '/logout']);
    expect(pendingLogins()).toEqual(before);
  });
});

describe('the wait of a login after logout() navigated', () => {
  it('is not ended by the page coming back online: the page is still leaving', async () => {
    const page = await signedInPage(harness);
    await page.auth.logout(PAGE_URL);

    window.dispatchEvent(new Event('online'));
    await page.auth.redirectToLogin(REDIRECT_URI);

    expect(page.paths()).toEqual(['/authorize', '/logout']);
  });

  it('is not ended by the clock set back, and still ends 10 s later on it', async () => {
    const page = await signedInPage(harness);
    await page.auth.logout(PAGE_URL);

    page.later(-1_000);
    await page.auth.redirectToLogin(REDIRECT_URI);
    expect(page.paths()).toEqual(['/authorize', '/logout']);
    page.later(LOGOUT_DEPARTURE_MS);
    await page.auth.redirectToLogin(REDIRECT_URI);
    expect(page.paths()).toEqual(['/authorize', '/logout', '/authorize']);
  });

  it('is ended by the page back from the back-forward cache while the engine was disposed', async () => {
    const page = await signedInPage(harness);
    await page.auth.logout(PAGE_URL);
    page.auth.dispose();

    window.dispatchEvent(pageShow(true));
    page.auth.start();
    await page.auth.redirectToLogin(REDIRECT_URI);

    expect(page.paths()).toEqual(['/authorize', '/logout', '/authorize']);
  });
});

describe('two engines on one page', () => {
  // The browser follows the page's last navigation, whichever engine made it: a login of a second `FiefAuth` (another
  // client, or a second instance built by mistake) would replace the first one's logout all the same.
  it("a login of the other engine does not replace one engine's logout, both leaving the default way", async () => {
    const page = await signedInPage(harness, undefined, { byLocation: true });
    const other = harness.engine();
    other.start();
    await page.auth.logout(PAGE_URL);

    await other.redirectToLogin(REDIRECT_URI);

    expect(page.paths()).toEqual(['/authorize', '/logout']);
    expect(pendingLogins()).toEqual([]);
  });

  it("the other engine's login waits 10 s on the clock of the engine whose logout navigated, or the page shown", async () => {
    const page = await signedInPage(harness, undefined, { byLocation: true });
    const other = harness.engine();
    other.start();
    await page.auth.logout(PAGE_URL);

    // A second of margin: the page's clock also runs with real time, and the other engine's discovery takes some.
    // The other engine's own clock never moved: on it, the 10 s would not be over.
    page.later(LOGOUT_DEPARTURE_MS - 1_000);
    await other.redirectToLogin(REDIRECT_URI);
    expect(page.paths()).toEqual(['/authorize', '/logout']);
    page.later(1_000);
    await other.redirectToLogin(REDIRECT_URI);
    expect(page.paths()).toEqual(['/authorize', '/logout', '/authorize']);

    await page.auth.logout(PAGE_URL);
    window.dispatchEvent(pageShow(true));
    await other.redirectToLogin(REDIRECT_URI);
    expect(page.paths()).toEqual(['/authorize', '/logout', '/authorize', '/logout', '/authorize']);
  });

  it('engines given the same navigate share the wait; engines given their own each keep theirs (tabs in tests)', async () => {
    const page = await signedInPage(harness);
    const sharing = harness.engine({ navigate: page.navigate });
    const own = recordNavigation();
    const apart = harness.engine({ navigate: own.navigate });
    await page.auth.logout(PAGE_URL);

    await sharing.redirectToLogin(REDIRECT_URI);
    await apart.redirectToLogin(REDIRECT_URI);

    expect(page.paths()).toEqual(['/authorize', '/logout']);
    expect(own.urls.map((url) => new URL(url).pathname)).toEqual(['/authorize']);
  });
});
