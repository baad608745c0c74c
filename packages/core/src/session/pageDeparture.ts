/**
 * Where the page is leaving for, so that a login's navigation never replaces a logout's under way. After `logout()`
 * navigated to Fief's logout URL the page runs on until the browser leaves it; a login started meanwhile (a route
 * guard finding no session on the page a sign-out action redirected to, a click on "Sign in") would navigate last,
 * and the browser follows the last navigation: Fief's session stays open and the login signs the user straight back
 * in. Part of the session's chunk, with the engine's login and logout.
 */

import type { EngineSettings } from './engineSettings.js';
import { PageEvents } from './pageEvents.js';

/**
 * How long after the logout's navigation a login does not navigate (ms). Long enough for Fief's logout page to
 * answer on a slow network; short enough that a page a custom `navigate` kept (a logout opened elsewhere) lets its
 * user sign in again soon. The page shown again (back-forward cache, tab shown after hidden) ends it at once.
 */
export const LOGOUT_DEPARTURE_MS = 10_000;

/**
 * A page's logout navigation: when it was made, on the clock of the engine that made it, and the listeners that end
 * it. Shared by the engines that navigate the same way: the browser follows the page's last navigation, whichever
 * engine made it, so a login of one engine (another client) must not replace another's logout either.
 */
interface LogoutNavigation {
  at: number | null;
  now: () => number;
  readonly pageEvents: PageEvents;
}

/**
 * The default `navigate`: one function for every engine of the page, so that they share one record (below). Here, in
 * the session's chunk, rather than in the engine's settings (entry): only this file navigates.
 */
function assignLocation(url: string): void {
  globalThis.location.assign(url);
}

/**
 * The record of each `navigate`: the default one (`location.assign`) is one function for the whole page, so every
 * engine of a page that leaves it the default way finds the same record. An app's own `navigate` has its own: the
 * engine cannot tell which page it leaves (a test's tab, a logout opened elsewhere); engines given the same function
 * share it. Tests that run several tabs in one window give each tab its own `navigate`, so they stay apart.
 */
const byNavigate = new WeakMap<(url: string) => void, LogoutNavigation>();

/** The navigations of one engine's page: the logout's, and the logins that must not override it. */
export class PageDeparture {
  readonly #settings: Pick<EngineSettings, 'now'>;
  readonly #navigate: (url: string) => void;
  readonly #page: LogoutNavigation;

  constructor(settings: Pick<EngineSettings, 'navigate' | 'now'>) {
    this.#settings = settings;
    const navigate = settings.navigate ?? assignLocation;
    this.#navigate = navigate;
    let page = byNavigate.get(navigate);
    if (page === undefined) {
      page = { at: null, now: settings.now, pageEvents: new PageEvents() };
      byNavigate.set(navigate, page);
    }
    this.#page = page;
  }

  /** Navigates to Fief's logout URL, and remembers when, on this engine's clock (not when `navigate` threw). */
  toLogout(url: string): void {
    this.#navigate(url);
    const page = this.#page;
    page.now = this.#settings.now;
    page.at = page.now();
    this.#listen();
  }

  /** Whether the page is leaving for Fief's logout, so that a login must not navigate. */
  leavingForLogout(): boolean {
    const page = this.#page;
    const at = page.at;
    if (at === null) return false;
    // On the clock of the engine whose logout navigated: the 10 s are the page's, whichever engine asks.
    const now = page.now();
    // The clock set back since: the wait counts from now. Ended by it, a login would replace the logout's navigation;
    // counted from the old mark, it could last as long as the step back.
    const from = Math.min(at, now);
    page.at = from;
    if (now - from < LOGOUT_DEPARTURE_MS) return true;
    this.#returned();
    return false;
  }

  /** Navigates to a login's URL unless the page is leaving for Fief's logout; whether it navigated. */
  toLogin(url: string): boolean {
    if (this.leavingForLogout()) return false;
    this.#navigate(url);
    return true;
  }

  /**
   * Listens for the page shown again (back from the back-forward cache, or its tab shown after hidden), started or
   * disposed: an app may dispose the engine while the page sits in the cache and start it again on `pageshow`, after
   * the engine's own listeners would have heard it. Coming back online says nothing of where the page is going.
   */
  #listen(): void {
    const returned = () => this.#returned();
    this.#page.pageEvents.start({ shown: returned, resumed: returned, restoredOnly: true });
  }

  /** No navigation is under way any more. */
  #returned(): void {
    this.#page.at = null;
    this.#page.pageEvents.stop();
  }
}
