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

/** The navigations of one engine's page: the logout's, and the logins that must not override it. */
export class PageDeparture {
  readonly #settings: Pick<EngineSettings, 'navigate' | 'now'>;
  #toLogoutAt: number | null = null;
  readonly #pageEvents = new PageEvents();

  constructor(settings: Pick<EngineSettings, 'navigate' | 'now'>) {
    this.#settings = settings;
  }

  /** Navigates to Fief's logout URL, and remembers when (not when `navigate` threw: the page stays). */
  toLogout(url: string): void {
    this.#settings.navigate(url);
    this.#toLogoutAt = this.#settings.now();
    this.#listen();
  }

  /** Whether the page is leaving for Fief's logout, so that a login must not navigate. */
  leavingForLogout(): boolean {
    const at = this.#toLogoutAt;
    if (at === null) return false;
    const now = this.#settings.now();
    // The clock set back since: the wait counts from now. Ended by it, a login would replace the logout's navigation;
    // counted from the old mark, it could last as long as the step back.
    const from = Math.min(at, now);
    this.#toLogoutAt = from;
    if (now - from < LOGOUT_DEPARTURE_MS) return true;
    this.#returned();
    return false;
  }

  /** Navigates to a login's URL unless the page is leaving for Fief's logout; whether it navigated. */
  toLogin(url: string): boolean {
    if (this.leavingForLogout()) return false;
    this.#settings.navigate(url);
    return true;
  }

  /**
   * Listens for the page shown again (back from the back-forward cache, or its tab shown after hidden), started or
   * disposed: an app may dispose the engine while the page sits in the cache and start it again on `pageshow`, after
   * the engine's own listeners would have heard it. Coming back online says nothing of where the page is going.
   */
  #listen(): void {
    const returned = () => this.#returned();
    this.#pageEvents.start({ shown: returned, resumed: returned, restoredOnly: true });
  }

  /** No navigation is under way any more. */
  #returned(): void {
    this.#toLogoutAt = null;
    this.#pageEvents.stop();
  }
}
