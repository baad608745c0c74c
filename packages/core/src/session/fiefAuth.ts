/**
 * `FiefAuth`, the browser session engine: login redirect and callback, the stored session, refresh before expiry,
 * and the other tabs. Framework-agnostic: it exposes `subscribe`/`getSnapshot`, and React (or anything) renders it.
 */

import { randomId } from '../protocol/crypto.js';
import { FiefError, FiefRequestError } from '../protocol/errors.js';
import type { Fief } from '../protocol/fief.js';
import { tokenEndpointFailure } from '../protocol/tokenRequest.js';
import type { FiefUserInfo } from '../protocol/types.js';
import { type FiefAuthState, type FiefTokenInfo, LOADING_STATE, nextAuthState } from './authState.js';
import { hasCallbackParams, removeCallbackParams } from './callbackParams.js';
import { FiefAuthCallbackError } from './fiefAuthCallbackError.js';
import { loadSessionFlows } from './loadSessionFlows.js';
import { finishLogin } from './loginCallback.js';
import { MIN_REFRESH_INTERVAL_MS, RefreshScheduler, refreshDueAt } from './refreshScheduler.js';
import { compareSessions, isNewerSession, mergeRefresh } from './sessionOrder.js';
import {
  isSessionValid,
  loadSession,
  markLoggedOut,
  markRefreshSpent,
  parseSession,
  readLoggedOutAt,
  readRefreshSpent,
  type Session,
  saveSession,
  unmarkRefreshSpent,
} from './sessionStore.js';
import { browserStorage, resolveStorage, type StorageLike, type StorageOption } from './storage.js';
import { type TabMessage, TabSync, type TabSyncOptions } from './tabSync.js';

export type { FiefAuthState, FiefAuthStatus, FiefTokenInfo } from './authState.js';
export type { BroadcastChannelLike, LockManagerLike } from './tabSync.js';

/** Options of {@link FiefAuth.redirectToLogin}: Fief's authorization parameters, and where to come back to. */
export interface RedirectToLoginOptions {
  /** Scopes to ask for. Default: the engine's `scope` option. `openid` is always added. */
  scope?: string[];
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
}

/** What {@link FiefAuth.authCallback} resolves with. */
export interface FiefAuthCallbackResult {
  tokens: FiefTokenInfo;
  userinfo: FiefUserInfo;
  /** The same-origin path given to `redirectToLogin` (or `/`). */
  returnTo: string;
}

/** Options of {@link FiefAuth}. */
export interface FiefAuthOptions {
  /** Where to keep the session. Default: `'session'` (`sessionStorage`, per tab; other tabs share it live). */
  storage?: StorageOption;
  /** Leaves the page for `url` (login, logout). Default: `window.location.assign`. */
  navigate?: (url: string) => void;
  /** Refresh this long before the access token expires (at most half its lifetime). Default: 30. */
  refreshMarginSeconds?: number;
  /** Scopes of a login. Default: `['openid', 'offline_access']` (`offline_access` gives a refresh token). */
  scope?: string[];
  /** How to reach the other tabs; defaults to `BroadcastChannel` and `navigator.locks` where they exist. */
  tabSync?: TabSyncOptions;
  /** Current time in ms since the epoch. Default: `Date.now`. */
  clock?: () => number;
}

const DEFAULT_SCOPE = ['openid', 'offline_access'];
const DEFAULT_REFRESH_MARGIN_SECONDS = 30;
/** How long a new tab with nothing stored waits for another tab's session before it settles on anonymous. */
const TAB_QUERY_TIMEOUT_MS = 150;
/** How long a tab waits for the session another tab refreshed (its refresh token being spent) to reach it. */
const SPENT_REFRESH_WAIT_MS = 3_000;
/** Retry delays after a refresh failed for another reason than a refused refresh token. */
const RETRY_MIN_MS = 2_000;
const RETRY_MAX_MS = 60_000;

/**
 * The browser session engine.
 *
 * The constructor only reads the stored session: timers and listeners start with {@link FiefAuth.start} (or the
 * first {@link FiefAuth.subscribe}) and stop with {@link FiefAuth.dispose}, after which `start()` may run again.
 *
 * @example
 * ```ts
 * const fief = new Fief({ baseURL: 'https://example.fief.dev', clientId: 'YOUR_CLIENT_ID' });
 * const auth = new FiefAuth(fief);
 * auth.subscribe(() => render(auth.getSnapshot()));
 * if (location.pathname === '/callback') {
 *   const { returnTo } = await auth.authCallback(`${location.origin}/callback`);
 *   history.replaceState(null, '', returnTo);
 * }
 * ```
 */
export class FiefAuth {
  /** The protocol client the engine talks to Fief with. */
  readonly fief: Fief;

  /** Names the storage keys, the channel and the lock: one namespace per client. */
  readonly #clientId: string;
  /** Identifies this engine (this tab) to the others. */
  readonly #tabId = randomId();
  readonly #storage: StorageLike;
  readonly #tabSyncOptions: TabSyncOptions;
  readonly #navigate: (url: string) => void;
  readonly #marginMs: number;
  readonly #scope: string[];
  readonly #clock: () => number;
  readonly #scheduler: RefreshScheduler;
  readonly #listeners = new Set<() => void>();
  /** Waiters of {@link FiefAuth.getAccessToken} while the status is `loading`. */
  readonly #settleWaiters = new Set<() => void>();
  /** Waiters of a session newer than the one whose refresh token another tab spent. */
  readonly #sessionWaiters = new Set<() => void>();
  /** Sign-ins that ended here, with the last generation that ended: a late copy of one is not adopted again. */
  readonly #ended = new Map<string, number>();

  #session: Session | null;
  #status: FiefAuthState['status'];
  #error: FiefError | null = null;
  #state: FiefAuthState = LOADING_STATE;
  #started = false;
  #tabs: TabSync | null = null;
  #queryTimer: ReturnType<typeof setTimeout> | null = null;
  #onVisibilityChange: (() => void) | null = null;
  #refreshing: Promise<Session | null> | null = null;
  #retries = 0;
  #callback: { href: string | null; promise: Promise<FiefAuthCallbackResult> } | null = null;
  #callbacksRunning = 0;
  /** Another tab asked for the session while this one had none yet. */
  #queryWaiting = false;

  /**
   * @param fief - The protocol client.
   * @param options - See {@link FiefAuthOptions}.
   */
  constructor(fief: Fief, options: FiefAuthOptions = {}) {
    this.fief = fief;
    this.#clientId = fief.clientId;
    this.#storage = resolveStorage(options.storage);
    this.#tabSyncOptions = options.tabSync ?? {};
    this.#navigate = options.navigate ?? defaultNavigate;
    this.#marginMs = (options.refreshMarginSeconds ?? DEFAULT_REFRESH_MARGIN_SECONDS) * 1000;
    this.#scope = withOpenID(options.scope ?? DEFAULT_SCOPE);
    this.#clock = options.clock ?? Date.now;
    this.#scheduler = new RefreshScheduler(() => this.#checkSession(), this.#clock);

    let session = loadSession(this.#storage, this.#clientId);
    if (
      session !== null &&
      ((!isSessionValid(session, this.#now()) && session.refreshToken === null) || this.#refuses(session))
    ) {
      saveSession(this.#storage, this.#clientId, null);
      session = null;
    }
    this.#session = session;
    // A valid stored session is known at once, with no request; anything else is found out by `start()`.
    this.#status = session !== null && isSessionValid(session, this.#now()) ? 'authenticated' : 'loading';
    this.#state = nextAuthState(LOADING_STATE, this.#composeState());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Lifecycle and state

  /**
   * Starts timers and listeners: the refresh timer, the channel to the other tabs, the `visibilitychange` listener.
   * Refreshes a stored expired session, or asks the other tabs for theirs when nothing is stored. Idempotent.
   */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    const tabs = this.#tabSync();
    tabs.start((message) => this.#onTabMessage(message));
    const doc = globalThis.document as Document | undefined;
    if (doc !== undefined && typeof doc.addEventListener === 'function') {
      // Background tabs get their timers throttled: check the session again when the tab is shown.
      this.#onVisibilityChange = () => {
        if (doc.visibilityState === 'visible') this.#checkSession();
      };
      doc.addEventListener('visibilitychange', this.#onVisibilityChange);
    }
    if (this.#session !== null) {
      this.#checkSession();
    } else if (this.#status === 'loading') {
      if (tabs.connected) {
        tabs.post({ kind: 'query' });
        this.#queryTimer = setTimeout(() => {
          this.#queryTimer = null;
          this.#settleWithoutSession();
        }, TAB_QUERY_TIMEOUT_MS);
      } else {
        this.#settleWithoutSession();
      }
    }
  }

  /** Stops every timer and listener started by {@link start}. The state is kept; `start()` may run again. */
  dispose(): void {
    this.#started = false;
    this.#scheduler.cancel();
    if (this.#queryTimer !== null) clearTimeout(this.#queryTimer);
    this.#queryTimer = null;
    if (this.#onVisibilityChange !== null) {
      globalThis.document?.removeEventListener('visibilitychange', this.#onVisibilityChange);
      this.#onVisibilityChange = null;
    }
    this.#tabs?.stop();
    this.#tabs = null;
    for (const resolve of [...this.#sessionWaiters, ...this.#settleWaiters]) resolve();
    this.#sessionWaiters.clear();
    this.#settleWaiters.clear();
  }

  /**
   * Calls `listener` whenever {@link getSnapshot} changes; starts the engine if it is not started.
   *
   * @returns A function that removes the listener.
   *
   * @example
   * ```ts
   * const unsubscribe = auth.subscribe(() => console.info(auth.getSnapshot().status));
   * ```
   */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    this.start();
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** The current state: the same object until one of its values changes. */
  getSnapshot(): FiefAuthState {
    return this.#state;
  }

  /** Whether there is a session whose access token has not expired. */
  isAuthenticated(): boolean {
    return this.#session !== null && isSessionValid(this.#session, this.#now());
  }

  /**
   * The signed-in user's claims, or `null`: the ID token's claims without those that describe the token or the
   * sign-in (`iss`, `aud`, `azp`, `exp`, `iat`, `nbf`, `auth_time`, `nonce`, `at_hash`, `c_hash`, `acr`, `amr`,
   * `sid`, `jti`; see {@link FiefUserInfo}). A refresh that brings equal claims keeps the same object.
   *
   * @example
   * ```ts
   * const userinfo = auth.getUserinfo();
   * if (userinfo !== null) console.info(userinfo.email, userinfo.fields.first_name);
   * ```
   */
  getUserinfo(): FiefUserInfo | null {
    return this.isAuthenticated() ? (this.#session?.userinfo ?? null) : null;
  }

  /** The session's tokens (never the refresh token), or `null`. */
  getTokenInfo(): FiefTokenInfo | null {
    return this.isAuthenticated() ? (this.#session?.tokenInfo ?? null) : null;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Login and logout

  /**
   * Starts a login: saves the pending login (PKCE verifier, `state`, `nonce`, where to return) in `sessionStorage`
   * under its `state`, then navigates to Fief's authorization URL.
   *
   * @param redirectURI - The callback page's URL, as registered on the Fief client.
   *
   * @example
   * ```ts
   * await auth.redirectToLogin('https://app.example/callback', { returnTo: '/account', lang: 'fr' });
   * // before a password change: ask for a fresh login
   * await auth.redirectToLogin('https://app.example/callback', { acrValues: '1', prompt: 'login' });
   * ```
   */
  async redirectToLogin(redirectURI: string, options: RedirectToLoginOptions = {}): Promise<void> {
    // The code that starts a login loads (from the app's origin) while discovery is requested.
    const [{ startLogin }] = await Promise.all([loadSessionFlows(), this.fief.getOpenIDConfiguration()]);
    const context = {
      fief: this.fief,
      pendingStorage: this.#pendingStorage(),
      now: this.#now(),
      scope: withOpenID(options.scope ?? this.#scope),
      origin: currentOrigin(),
    };
    this.#navigate(await startLogin(context, redirectURI, options));
  }

  /**
   * Finishes the login on the callback page: checks the response in the URL against the pending login, exchanges
   * the code, stores the session, removes the response parameters from the address bar.
   *
   * Runs once per callback URL: calls while it runs, or after it finished on the cleaned URL, get the same promise.
   * On failure nothing is stored and an existing session is untouched.
   *
   * @param redirectURI - The callback page's URL. The token request repeats the `redirect_uri` recorded by
   *   `redirectToLogin`; this argument is only used when that record has none.
   * @throws {@link FiefAuthCallbackError}
   *
   * @example
   * ```ts
   * const { userinfo, returnTo } = await auth.authCallback('https://app.example/callback');
   * history.replaceState(null, '', returnTo);
   * ```
   */
  authCallback(redirectURI: string): Promise<FiefAuthCallbackResult> {
    const href = currentHref();
    const previous = this.#callback;
    // Called again on the same URL (StrictMode, a double mount) or after the first call cleaned it: same outcome.
    if (previous !== null && (href === null || href === previous.href || !hasCallbackParams(href))) {
      return previous.promise;
    }
    const promise = this.#runCallback(href, redirectURI);
    this.#callback = { href, promise };
    return promise;
  }

  /**
   * Signs out: clears the session here and in every other tab first, then navigates to Fief's logout URL (which
   * ends Fief's own session and comes back to `redirectURI`).
   *
   * @example
   * ```ts
   * await auth.logout('https://app.example/');
   * ```
   */
  async logout(redirectURI: string): Promise<void> {
    // A tab closed now and restored later (its `sessionStorage` with it) must not bring this sign-in back.
    const shared = this.#sharedStorage();
    if (shared !== null) markLoggedOut(shared, this.#clientId, this.#now());
    this.#endSession({ broadcast: true, upTo: null, error: null });
    const url = await this.fief.getLogoutURL({ redirectURI });
    this.#navigate(url);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Tokens and user

  /**
   * The access token, refreshed first when it expires within the margin; `null` when signed out. While the engine
   * is still `loading` (refreshing a stored session, asking the other tabs) it waits for the outcome.
   *
   * @example
   * ```ts
   * const accessToken = await auth.getAccessToken();
   * if (accessToken !== null) await fetch('/api/castles', { headers: { Authorization: `Bearer ${accessToken}` } });
   * ```
   */
  async getAccessToken(): Promise<string | null> {
    if (this.#status === 'loading' && this.#started) {
      await new Promise<void>((resolve) => this.#settleWaiters.add(resolve));
    }
    let session = this.#session;
    if (session === null) return null;
    if (session.refreshToken !== null && this.#now() >= refreshDueAt(session, this.#marginMs)) {
      session = await this.#refresh();
    }
    return session !== null && isSessionValid(session, this.#now()) ? session.tokenInfo.access_token : null;
  }

  /** Reads the user's claims again from Fief's userinfo endpoint, and shares them with every tab. */
  async refreshUserinfo(): Promise<FiefUserInfo> {
    return this.#userAPI((accessToken) => this.fief.userinfo(accessToken));
  }

  /** Updates the user's profile (`PATCH /api/profile`); the snapshot gets the new user info. */
  async updateProfile(data: Record<string, unknown>): Promise<FiefUserInfo> {
    return this.#userAPI((accessToken) => this.fief.updateProfile(accessToken, data));
  }

  /** Changes the password (`PATCH /api/password`; needs a recent login: `acrValues: '1'`). */
  async changePassword(newPassword: string): Promise<FiefUserInfo> {
    return this.#userAPI((accessToken) => this.fief.changePassword(accessToken, newPassword));
  }

  /** Starts an email change (`PATCH /api/email/change`; needs a recent login). */
  async emailChange(email: string): Promise<FiefUserInfo> {
    return this.#userAPI((accessToken) => this.fief.emailChange(accessToken, email));
  }

  /** Confirms an email change with the code sent to the new address (`POST /api/email/verify`). */
  async emailVerify(code: string): Promise<FiefUserInfo> {
    return this.#userAPI((accessToken) => this.fief.emailVerify(accessToken, code));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Callback

  /**
   * The checks and the code exchange are in `loginCallback.ts`, in the entry chunk: the token request is sent as
   * soon as the checks before it pass, and the validation code loads while it is on its way.
   */
  async #runCallback(href: string | null, redirectURI: string): Promise<FiefAuthCallbackResult> {
    this.#callbacksRunning += 1;
    try {
      const context = {
        fief: this.fief,
        clientId: this.#clientId,
        pendingStorage: this.#pendingStorage(),
        now: () => this.#now(),
      };
      const { session, returnTo } = await finishLogin(context, href, redirectURI);
      this.#setSession(session, { broadcast: true });
      return { tokens: session.tokenInfo, userinfo: session.userinfo, returnTo };
    } catch (error) {
      return await this.#failCallback(error);
    } finally {
      this.#callbacksRunning -= 1;
      cleanAddressBar();
      if (this.#queryTimer === null) this.#settleWithoutSession();
    }
  }

  /** Rejects with a {@link FiefAuthCallbackError}; without a session the state becomes `error`. */
  async #failCallback(cause: unknown): Promise<never> {
    const error =
      cause instanceof FiefAuthCallbackError
        ? cause
        : new FiefAuthCallbackError('token_exchange', 'expected to finish the login, but it failed', {
            cause,
          });
    cleanAddressBar();
    if (this.#session === null) {
      this.#status = 'error';
      this.#error = error;
      this.#emit();
    }
    throw error;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Refresh

  /** Runs when the scheduler fires or the tab is shown: refreshes when due, ends an expired session. */
  #checkSession(): void {
    const session = this.#session;
    if (session === null) return;
    const now = this.#now();
    if (session.refreshToken !== null) {
      const dueAt = refreshDueAt(session, this.#marginMs);
      if (now >= dueAt) void this.#refresh();
      else if (this.#started) this.#scheduler.schedule(dueAt);
    } else if (!isSessionValid(session, now)) {
      this.#endSession({ broadcast: false, upTo: session, error: null });
    } else if (this.#started) {
      this.#scheduler.schedule(session.tokenInfo.expires_at);
    }
  }

  /** Refreshes the session, once at a time in this tab (callers share the promise). */
  #refresh(): Promise<Session | null> {
    if (this.#refreshing === null) {
      this.#refreshing = this.#refreshUnderLock().finally(() => {
        this.#refreshing = null;
        // What the refresh brought may be due already (an answer slower than the token's lifetime): look again
        // shortly, never at once (a server that hands out expired tokens is not hammered).
        const session = this.#session;
        if (this.#started && session !== null && this.#now() >= refreshDueAt(session, this.#marginMs)) {
          this.#scheduler.schedule(this.#now() + MIN_REFRESH_INTERVAL_MS);
        }
      });
    }
    return this.#refreshing;
  }

  /**
   * One refresh across every tab: under the lock, read the latest session again; if another tab refreshed it
   * meanwhile (its generation moved, or the shared mark says its refresh token is spent), adopt that one instead of
   * sending a refresh token that no longer exists.
   */
  async #refreshUnderLock(): Promise<Session | null> {
    const intended = this.#session;
    if (intended === null || intended.refreshToken === null) return intended;
    return this.#tabSync().withLock(async () => {
      this.#adoptStoredSession();
      const current = this.#session;
      if (current === null || current.sid !== intended.sid || current.generation !== intended.generation) {
        return current;
      }
      if (this.#refuses(current)) {
        // Signed out in another tab while this one was closed or asleep.
        this.#endSession({ broadcast: false, upTo: current, error: null });
        return null;
      }
      const refreshToken = current.refreshToken;
      if (refreshToken === null || this.#now() < refreshDueAt(current, this.#marginMs)) return current;
      const shared = this.#sharedStorage();
      const mark = { sid: current.sid, generation: current.generation, by: this.#tabId };
      if (shared !== null) {
        const spent = readRefreshSpent(shared, this.#clientId, current.sid);
        if (spent !== null && spent.generation >= current.generation && spent.by !== mark.by) {
          // Another tab sent this refresh token: its new session is on its way here.
          const adopted = await this.#waitForNewerSession(current);
          if (adopted !== current) return adopted;
          // That tab's answer never came (it closed, or its answer was lost): Fief rotated this refresh token, and
          // sending it again would be refused and revoke the sign-in everywhere. The sign-in ends here instead.
          const error = new FiefError(
            'expected the session another tab refreshed, but it never arrived',
            'ERR_FIEF_REFRESH_LOST',
          );
          this.#endSession({ broadcast: true, upTo: current, error });
          return null;
        }
      }
      // The discovery document stored with the session: no discovery request before the token request.
      if (current.discovery !== undefined) this.fief.setOpenIDConfiguration(current.discovery);
      try {
        await this.fief.getOpenIDConfiguration();
      } catch (cause) {
        // Nothing was sent: the refresh token is still good.
        return this.#refreshFailed(current, cause, false);
      }
      if (shared !== null) markRefreshSpent(shared, this.#clientId, mark);
      const obtainedAt = this.#now();
      try {
        const [tokens, claims] = await this.fief.authRefreshToken(refreshToken, this.#scope);
        // Loaded already: `authRefreshToken` validated the tokens with the same chunk.
        const { refreshedSession } = await loadSessionFlows();
        const next = await refreshedSession(this.fief, current, refreshToken, tokens, claims, obtainedAt);
        this.#retries = 0;
        // Applied to the latest copy: user info that changed while the request was on its way is not lost, nor is
        // the refresh token Fief just issued.
        const merged = mergeRefresh(current, next, this.#session);
        if (merged !== null) this.#offerSession(merged, { broadcast: true });
        return this.#session;
      } catch (cause) {
        const failure = tokenEndpointFailure(cause);
        if (failure?.code === 'ERR_FIEF_NETWORK') {
          // The token request's own fetch failed before any answer: as far as anyone can tell the refresh token
          // was not used, so the other tabs (and the retry) may send it.
          if (shared !== null) unmarkRefreshSpent(shared, this.#clientId, mark);
          return this.#refreshFailed(current, cause, false);
        }
        // An error answer of the token endpoint (RFC 6749 §5.2) issues no tokens. Any other failure comes after
        // Fief answered 2xx (body cut off or malformed, JWKS or validation failed): it may have rotated the refresh
        // token, and its successor is lost. Never send that refresh token again.
        return this.#refreshFailed(current, cause, failure === null || failure.status < 400);
      }
    });
  }

  /**
   * @param spent - Whether Fief may have used the refresh token (it answered 2xx, or refused it as `invalid_grant`):
   *   then the sign-in cannot go on, and it ends in every tab. Otherwise the refresh is tried again later.
   */
  #refreshFailed(current: Session, cause: unknown, spent: boolean): Session | null {
    const error = toFiefError(cause, 'expected to refresh the session, but it failed');
    if (spent || (cause instanceof FiefRequestError && cause.error === 'invalid_grant')) {
      // Unless the session moved on meanwhile (another tab refreshed it: keep that one), it is over in every tab.
      const latest = this.#session;
      if (latest?.sid === current.sid && latest.generation === current.generation) {
        this.#endSession({ broadcast: true, upTo: current, error });
      }
      return this.#session;
    }
    // A user-info change meanwhile made a new revision of the same generation: it still needs the retry.
    const latest = this.#session;
    if (latest === null || compareSessions(latest, { ...current, revision: Infinity }) > 0) return latest;
    this.#error = error;
    if (!isSessionValid(latest, this.#now())) this.#status = 'error';
    this.#emit();
    if (this.#started) {
      const delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** this.#retries);
      this.#retries += 1;
      const expiresAt = latest.tokenInfo.expires_at;
      const now = this.#now();
      this.#scheduler.schedule(now < expiresAt ? Math.min(now + delay, expiresAt) : now + delay);
    }
    return latest;
  }

  /** Waits for a session newer than `current` from another tab (asking them for it); `current` if none comes. */
  async #waitForNewerSession(current: Session): Promise<Session | null> {
    if (this.#session !== current) return this.#session;
    const tabs = this.#tabSync();
    const arrived = new Promise<void>((resolve) => this.#sessionWaiters.add(resolve));
    tabs.post({ kind: 'query' });
    await Promise.race([arrived, tabs.sleep(SPENT_REFRESH_WAIT_MS)]);
    return this.#session;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Session changes

  /** Adopts `candidate` when it is newer than the current session (and not a sign-in that ended). */
  #offerSession(candidate: Session, options: { broadcast: boolean }): boolean {
    if (this.#refuses(candidate) || !this.#isNewer(candidate)) return false;
    if (!isSessionValid(candidate, this.#now()) && candidate.refreshToken === null) return false;
    this.#setSession(candidate, options);
    return true;
  }

  #isNewer(candidate: Session): boolean {
    return isNewerSession(candidate, this.#session);
  }

  #setSession(session: Session, options: { broadcast: boolean }): void {
    this.#session = session;
    saveSession(this.#storage, this.#clientId, session);
    this.#error = null;
    this.#status = isSessionValid(session, this.#now()) ? 'authenticated' : 'loading';
    if (this.#queryTimer !== null) {
      clearTimeout(this.#queryTimer);
      this.#queryTimer = null;
    }
    this.#emit();
    if (options.broadcast || this.#queryWaiting) this.#tabs?.post({ kind: 'session', session });
    this.#queryWaiting = false;
    for (const resolve of this.#sessionWaiters) resolve();
    this.#sessionWaiters.clear();
    this.#checkSession();
  }

  /**
   * Ends the session. `upTo`: the sign-in and the last generation of it that ended (a later one may still be
   * adopted); `null`: every sign-in, every generation (a logout).
   */
  #endSession(options: {
    broadcast: boolean;
    upTo: { sid: string; generation: number } | null;
    error: FiefError | null;
  }): void {
    const { upTo } = options;
    const ended = this.#session;
    if (ended !== null && upTo === null) this.#ended.set(ended.sid, Infinity);
    if (upTo !== null) this.#endUpTo(upTo.sid, upTo.generation);
    this.#session = null;
    saveSession(this.#storage, this.#clientId, null);
    this.#scheduler.cancel();
    this.#status = 'anonymous';
    this.#error = options.error;
    this.#emit();
    if (options.broadcast) {
      this.#tabs?.post({ kind: 'logout', sid: upTo?.sid ?? null, generation: upTo?.generation ?? null });
    }
    for (const resolve of this.#sessionWaiters) resolve();
    this.#sessionWaiters.clear();
  }

  #endUpTo(sid: string, generation: number): void {
    this.#ended.set(sid, Math.max(generation, this.#ended.get(sid) ?? -1));
  }

  /**
   * Whether `session` must never be used: a generation of a sign-in that ended, or a sign-in created at or before
   * the last logout (a tab closed before it and restored after it holds one in its `sessionStorage`).
   */
  #refuses(session: Session): boolean {
    const shared = this.#sharedStorage();
    return (
      session.generation <= (this.#ended.get(session.sid) ?? -1) ||
      (shared !== null && session.createdAt <= readLoggedOutAt(shared, this.#clientId))
    );
  }

  #updateUserinfo(userinfo: FiefUserInfo): FiefUserInfo {
    const session = this.#session;
    if (session !== null) {
      // The user API answers with the user's claims (no protocol claims to leave out).
      this.#setSession({ ...session, userinfo, revision: session.revision + 1 }, { broadcast: true });
    }
    return userinfo;
  }

  /** With a storage shared by the tabs (`localStorage`), another tab may have written a newer session there. */
  #adoptStoredSession(): void {
    const stored = loadSession(this.#storage, this.#clientId);
    if (stored !== null) this.#offerSession(stored, { broadcast: false });
  }

  /** Nothing stored, nothing from the other tabs, no callback running: signed out. */
  #settleWithoutSession(): void {
    if (this.#session !== null || this.#status !== 'loading' || this.#callbacksRunning > 0) return;
    this.#status = 'anonymous';
    this.#emit();
  }

  #onTabMessage(message: TabMessage): void {
    switch (message.kind) {
      case 'query': {
        const session = this.#session;
        if (session !== null && isSessionValid(session, this.#now()) && !this.#refuses(session)) {
          this.#tabs?.post({ kind: 'session', session });
        } else if (this.#status === 'loading') {
          // This tab is still finding its own session: answer once it has one (the tab that asked may be the only
          // other one left when the tab that had it closes).
          this.#queryWaiting = true;
        }
        return;
      }
      case 'session': {
        const candidate = parseSession(message.session, this.#clientId);
        if (candidate !== null) this.#offerSession(candidate, { broadcast: false });
        return;
      }
      case 'logout': {
        const { sid, generation } = message;
        const upTo = sid === null ? null : { sid, generation: generation ?? Infinity };
        const session = this.#session;
        if (
          session !== null &&
          (upTo === null || (upTo.sid === session.sid && session.generation <= upTo.generation))
        ) {
          this.#endSession({ broadcast: false, upTo, error: null });
        } else if (upTo !== null) {
          // A refresh token another tab found refused, while this tab holds a later generation: keep it.
          this.#endUpTo(upTo.sid, upTo.generation);
        }
        return;
      }
    }
  }

  #composeState(): FiefAuthState {
    const session = this.#status === 'authenticated' ? this.#session : null;
    return {
      status: this.#status,
      userinfo: session?.userinfo ?? null,
      tokenInfo: session?.tokenInfo ?? null,
      error: this.#error,
    };
  }

  #emit(): void {
    const next = nextAuthState(this.#state, this.#composeState());
    if (next.status !== 'loading') {
      for (const resolve of this.#settleWaiters) resolve();
      this.#settleWaiters.clear();
    }
    if (next === this.#state) return;
    this.#state = next;
    for (const listener of [...this.#listeners]) listener();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Helpers

  /** Calls Fief's user API with the access token (signed-in only), and shares the user info it answers. */
  async #userAPI(call: (accessToken: string) => Promise<FiefUserInfo>): Promise<FiefUserInfo> {
    const accessToken = await this.getAccessToken();
    if (accessToken === null) {
      throw new FiefError('expected a signed-in session, found none', 'ERR_FIEF_NOT_AUTHENTICATED');
    }
    return this.#updateUserinfo(await call(accessToken));
  }

  #tabSync(): TabSync {
    this.#tabs ??= new TabSync(this.#clientId, this.#tabSyncOptions, this.#sharedStorage(), this.#tabId);
    return this.#tabs;
  }

  /** Storage every tab of the origin sees (`localStorage`), or `null`. */
  #sharedStorage(): StorageLike | null {
    const { shared } = this.#tabSyncOptions;
    return shared === undefined ? browserStorage('local') : shared;
  }

  /** Pending logins live in `sessionStorage` (they must survive the trip to Fief, in this tab only). */
  #pendingStorage(): StorageLike {
    return browserStorage('session') ?? this.#storage;
  }

  #now(): number {
    return Math.floor(this.#clock());
  }
}

function withOpenID(scope: string[]): string[] {
  return scope.includes('openid') ? [...scope] : ['openid', ...scope];
}

function toFiefError(cause: unknown, message: string): FiefError {
  return cause instanceof FiefError ? cause : new FiefError(message, 'ERR_FIEF', { cause });
}

function defaultNavigate(url: string): void {
  globalThis.location.assign(url);
}

function currentHref(): string | null {
  const href = globalThis.location?.href;
  return typeof href === 'string' ? href : null;
}

function currentOrigin(): string {
  return globalThis.location?.origin ?? 'http://localhost';
}

/** Removes `code`, `state` and the other response parameters from the address bar (no navigation, no history entry). */
function cleanAddressBar(): void {
  const href = currentHref();
  if (href === null || !hasCallbackParams(href) || typeof globalThis.history?.replaceState !== 'function')
    return;
  globalThis.history.replaceState(globalThis.history.state, '', removeCallbackParams(href));
}
