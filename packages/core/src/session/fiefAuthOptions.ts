/**
 * The options of `FiefAuth` and of its methods, and what its callback resolves with.
 */

import type { FiefUserInfo } from '../protocol/types.js';
import type { FiefTokenInfo } from './authState.js';
import type { FiefLogger } from './logEvents.js';
import type { StorageOption } from './storage.js';
import type { TabSyncOptions } from './tabTypes.js';

/** Options of {@link FiefAuth.redirectToLogin}: Fief's authorization parameters, and where to come back to. */
export interface RedirectToLoginOptions {
  /**
   * Scopes to ask for, as a list or space-separated (`'openid email'`, the form OAuth sends). Default: the engine's
   * `scope` option. `openid` is always added.
   */
  scope?: string | string[];
  /** Language of Fief's pages (`lang`). */
  lang?: string;
  /** More parameters for the authorization URL. */
  extrasParams?: Record<string, string>;
  /** Same-origin path to return to after login (anything else becomes `/`). Default: `/`. */
  returnTo?: string;
  /** `prompt`: `none` (no UI: fails with `login_required` when signed out), `login` (ask again), `consent`. */
  prompt?: 'none' | 'login' | 'consent';
  /** Fief's `screen`: start on the `login` or the `register` page. */
  screen?: 'login' | 'register';
  /** `login_hint`: the email address to prefill. */
  loginHint?: string;
  /** `acr_values`: `'1'` asks for a fresh login with credentials (step-up before a password or email change). */
  acrValues?: string;
  /**
   * `max_age` (seconds): Fief asks the user to log in again when their last login is older. The callback refuses an
   * ID token whose `auth_time` is older than that.
   */
  maxAge?: number;
}

/** What {@link FiefAuth.authCallback} resolves with. */
export interface FiefAuthCallbackResult {
  /**
   * The tokens of the session the tab keeps: this login's, or those of a later login (another tab, sent after this
   * one's code exchange) that landed first.
   */
  tokens: FiefTokenInfo;
  /** The user of the session the tab keeps (see `tokens`). */
  userinfo: FiefUserInfo;
  /** The same-origin path given to `redirectToLogin` (or `/`). */
  returnTo: string;
  /**
   * `true` when the callback URL had no login to finish (no `state`: a bookmark, Back or a reload after the login)
   * and the tab was signed in already: `tokens` and `userinfo` are its session's, `returnTo` is `/`. Nothing of the
   * URL was read. `<FiefAuthCallback>` calls no `onSuccess` then.
   */
  alreadySignedIn?: true;
}

/** Options of {@link FiefAuth}. */
export interface FiefAuthOptions {
  /**
   * Where to keep the session. Default: `'session'` (`sessionStorage`, per tab; other tabs share it live). From
   * JavaScript, `'localStorage'` is `'local'`, and any other name is the default.
   */
  storage?: StorageOption;
  /**
   * Leaves the page for `url` (login, logout). Default: `window.location.assign`. After the logout's, a login does not
   * navigate for 10 s, unless the page is shown again (see `FiefAuth.redirectToLogin`); engines with the same
   * `navigate` (the default, or one function given to each) wait for each other's logout, as engines of one page.
   */
  navigate?: (url: string) => void;
  /** Refresh this long before the access token expires (at most half its lifetime), 0 to 86,400. Default: 30. */
  refreshMarginSeconds?: number;
  /**
   * Scopes of a login and of every refresh, as a list or space-separated (`'openid offline_access'`, the form OAuth
   * sends). Default: `['openid', 'offline_access']` (`offline_access` gives a refresh token). `openid` is always added.
   */
  scope?: string | string[];
  /** How to reach the other tabs; defaults to `BroadcastChannel` and `navigator.locks` where they exist. */
  tabSync?: TabSyncOptions;
  /** Current time in ms since the epoch. Default: `Date.now`. */
  clock?: () => number;
  /**
   * Receives one structured event per decision of the engine (session read, refresh planned, started, adopted from
   * another tab, failed; lock waited; tab message; callback passed or failed; logout), for debugging. Events hold
   * no token, code, `state`, nonce or verifier.
   *
   * @example
   * ```ts
   * const options: FiefAuthOptions = { logger: (event) => console.debug('[fief]', event.type, event) };
   * ```
   */
  logger?: FiefLogger;
}
