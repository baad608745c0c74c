/**
 * Where the page is leaving for, so that a login's navigation never replaces a logout's under way. After `logout()`
 * navigated to Fief's logout URL the page runs on until the browser leaves it; a login started meanwhile (a route
 * guard finding no session on the page a sign-out action redirected to, a click on "Sign in") would navigate last,
 * and the browser follows the last navigation: Fief's session stays open and the login signs the user straight back
 * in. Part of the session's chunk, with the engine's login and logout.
 */

import type { EngineSettings } from './engineSettings.js';

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

  constructor(settings: Pick<EngineSettings, 'navigate' | 'now'>) {
    this.#settings = settings;
  }

  /** Navigates to Fief's logout URL, and remembers when (not when `navigate` threw: the page stays). */
  toLogout(url: string): void {
    this.#settings.navigate(url);
    this.#toLogoutAt = this.#settings.now();
  }

  /** Whether the page is leaving for Fief's logout, so that a login must not navigate. */
  leavingForLogout(): boolean {
    if (this.#toLogoutAt === null) return false;
    const since = this.#settings.now() - this.#toLogoutAt;
    // A clock set back since gives no answer: the login navigates, as it would without this record.
    return since >= 0 && since < LOGOUT_DEPARTURE_MS;
  }

  /** Navigates to a login's URL unless the page is leaving for Fief's logout; whether it navigated. */
  toLogin(url: string): boolean {
    if (this.leavingForLogout()) return false;
    this.#settings.navigate(url);
    return true;
  }

  /** The page is shown again (back from the back-forward cache, or its tab shown): no navigation is under way. */
  returned(): void {
    this.#toLogoutAt = null;
  }
}
