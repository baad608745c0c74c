/**
 * The wait that engines leaving the page the same way share (`pageDeparture.ts`'s record per `navigate`), attacked
 * where the model does not go: a logout whose navigation threw, and the clock the shared wait is counted on.
 */
import { describe, expect, it } from 'vitest';
import { LOGOUT_DEPARTURE_MS } from '../pageDeparture.js';
import { PAGE_URL, REDIRECT_URI, useAuthHarness } from './authTestKit.js';
import { signedInPage } from './signedInDeparturePage.js';

const harness = useAuthHarness();

describe('the shared wait', () => {
  it('is not made by a logout whose navigation threw: an engine leaving the same way logs in at once', async () => {
    let refuse = true;
    const page = await signedInPage(harness, (url) => {
      if (refuse && new URL(url).pathname === '/logout') throw new Error('navigation refused');
    });
    const other = harness.engine({ navigate: page.navigate });
    other.start();

    await expect(page.auth.logout(PAGE_URL)).rejects.toThrow();
    refuse = false;
    await other.redirectToLogin(REDIRECT_URI);

    expect(page.paths()).toEqual(['/authorize', '/logout', '/authorize']);
  });

  it('is inherited by an engine built after the one that logged out was disposed, and ends 10 s on', async () => {
    const page = await signedInPage(harness);
    await page.auth.logout(PAGE_URL);
    page.auth.dispose();
    const next = harness.engine({ navigate: page.navigate });
    next.start();

    await next.redirectToLogin(REDIRECT_URI);
    expect(page.paths()).toEqual(['/authorize', '/logout']);
    // Counted on the disposed engine's clock, which the record kept: disposing does not stop a clock.
    page.later(LOGOUT_DEPARTURE_MS);
    await next.redirectToLogin(REDIRECT_URI);
    expect(page.paths()).toEqual(['/authorize', '/logout', '/authorize']);
  });

  // Left for a design decision: the wait is counted on the clock of the engine whose logout navigated, so an engine
  // whose own clock runs stays held while that clock stands still (a `clock` option that only moves when told, a test's
  // fake timers never advanced), until the page is shown again; only a page its `navigate` kept (custom `navigate`, a
  // test) is ever there to notice. Counting on the asking engine's clock instead needs the start of the wait in that
  // clock's terms (each engine's own mark, taken at the logout for every engine sharing the record), and two clocks
  // that disagree would then end it at two times: which one ends the page's wait is the owner's choice.
  it.fails("ends 10 s on the asking engine's clock when the other's stands still", async () => {
    const page = await signedInPage(harness);
    const stopped = Date.now();
    const frozen = harness.engine({ navigate: page.navigate, clock: () => stopped });
    frozen.start();
    await frozen.ready();
    let running = Date.now();
    const other = harness.engine({ navigate: page.navigate, clock: () => running });
    // The frozen engine signs out (its session was the page's: one storage) and its logout navigates.
    await frozen.logout(PAGE_URL);

    running += LOGOUT_DEPARTURE_MS;
    await other.redirectToLogin(REDIRECT_URI);
    // The skipped login's discovery read, asked for before the engine knew, lands before the server stops.
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(page.paths().at(-1)).toBe('/authorize');
  });
});
