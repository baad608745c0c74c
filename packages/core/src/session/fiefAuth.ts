/**
 * `FiefAuth`, the browser session engine: login redirect and callback, the stored session, refresh before expiry,
 * and the other tabs. Framework-agnostic: it exposes `subscribe`/`getSnapshot`, and React (or anything) renders it.
 *
 * This file is the public class and its lifecycle. The state and its transitions are in `sessionKeeper.ts`, the
 * order of session versions in `sessionOrder.ts`, the refresh across tabs in `sessionRefresher.ts` (loaded on
 * demand), messages from the other tabs in `tabMessages.ts`.
 */

import { randomId } from '../protocol/crypto.js';
import { FiefError } from '../protocol/errors.js';
import type { Fief } from '../protocol/fief.js';
import type { FiefUserInfo } from '../protocol/types.js';
import { cleanAddressBar, currentHref, currentOrigin } from './addressBar.js';
import type { FiefAuthState } from './authState.js';
import { hasCallbackParams } from './callbackParams.js';
import { FiefAuthCallbackError } from './fiefAuthCallbackError.js';
import type { FiefAuthCallbackResult, FiefAuthOptions, RedirectToLoginOptions } from './fiefAuthOptions.js';
import { loadSessionFlows } from './loadSessionFlows.js';
import { finishLogin } from './loginCallback.js';
import { MIN_REFRESH_INTERVAL_MS, RefreshScheduler, refreshDueAt } from './refreshScheduler.js';
import { SessionKeeper } from './sessionKeeper.js';
import type { RefreshHost } from './sessionRefresher.js';
import { isSessionValid, loadSession, markLoggedOut, type Session } from './sessionStore.js';
import { browserStorage, resolveStorage, type StorageLike } from './storage.js';
import { handleTabMessage } from './tabMessages.js';
import { TabSync, type TabSyncOptions } from './tabSync.js';

export type { FiefAuthState, FiefAuthStatus, FiefTokenInfo } from './authState.js';
export type { FiefAuthCallbackResult, FiefAuthOptions, RedirectToLoginOptions } from './fiefAuthOptions.js';
export type { BroadcastChannelLike, LockManagerLike } from './tabSync.js';

const DEFAULT_SCOPE = ['openid', 'offline_access'];
const DEFAULT_REFRESH_MARGIN_SECONDS = 30;
/** How long a new tab with nothing stored waits for another tab's session before it settles on anonymous. */
const TAB_QUERY_TIMEOUT_MS = 150;

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
  readonly #namespace: string;
  /** Identifies this engine (this tab) to the others. */
  readonly #tabId = randomId();
  readonly #storage: StorageLike;
  readonly #tabSyncOptions: TabSyncOptions;
  readonly #navigate: (url: string) => void;
  readonly #marginMs: number;
  readonly #scope: string[];
  readonly #clock: () => number;
  readonly #scheduler: RefreshScheduler;
  /** The state, and the one place it changes. */
  readonly #keeper: SessionKeeper;
  #started = false;
  #tabs: TabSync | null = null;
  #queryTimer: ReturnType<typeof setTimeout> | null = null;
  #onVisibilityChange: (() => void) | null = null;
  #refreshing: Promise<Session | null> | null = null;
  #refreshHost: RefreshHost | null = null;
  #callback: { href: string | null; promise: Promise<FiefAuthCallbackResult> } | null = null;
  #callbacksRunning = 0;

  /**
   * @param fief - The protocol client.
   * @param options - See {@link FiefAuthOptions}.
   */
  constructor(fief: Fief, options: FiefAuthOptions = {}) {
    this.fief = fief;
    this.#namespace = fief.clientId;
    this.#storage = resolveStorage(options.storage);
    this.#tabSyncOptions = options.tabSync ?? {};
    this.#navigate = options.navigate ?? defaultNavigate;
    this.#marginMs = (options.refreshMarginSeconds ?? DEFAULT_REFRESH_MARGIN_SECONDS) * 1000;
    this.#scope = withOpenID(options.scope ?? DEFAULT_SCOPE);
    this.#clock = options.clock ?? Date.now;
    this.#scheduler = new RefreshScheduler(() => this.#checkSession(), this.#clock);
    const context = {
      storage: this.#storage,
      namespace: this.#namespace,
      shared: () => this.#sharedStorage(),
      now: () => this.#now(),
      post: (message: Parameters<TabSync['post']>[0]) => this.#tabs?.post(message),
      onSession: () => this.#onSession(),
      onEnd: () => this.#scheduler.cancel(),
    };
    this.#keeper = new SessionKeeper(context, loadSession(this.#storage, this.#namespace));
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
    tabs.start((message) =>
      handleTabMessage(
        {
          keeper: this.#keeper,
          clientId: this.fief.clientId,
          now: () => this.#now(),
          post: (m) => tabs.post(m),
        },
        message,
      ),
    );
    const doc = globalThis.document as Document | undefined;
    if (doc !== undefined && typeof doc.addEventListener === 'function') {
      // Background tabs get their timers throttled: check the session again when the tab is shown.
      this.#onVisibilityChange = () => {
        if (doc.visibilityState === 'visible') this.#checkSession();
      };
      doc.addEventListener('visibilitychange', this.#onVisibilityChange);
    }
    if (this.#keeper.session !== null) {
      this.#checkSession();
    } else if (this.#keeper.status === 'loading') {
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
    this.#keeper.releaseWaiters();
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
    const unsubscribe = this.#keeper.subscribe(listener);
    this.start();
    return unsubscribe;
  }

  /** The current state: the same object until one of its values changes. */
  getSnapshot(): FiefAuthState {
    return this.#keeper.snapshot;
  }

  /** Whether there is a session whose access token has not expired. */
  isAuthenticated(): boolean {
    const session = this.#keeper.session;
    return session !== null && isSessionValid(session, this.#now());
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
    return this.isAuthenticated() ? (this.#keeper.session?.userinfo ?? null) : null;
  }

  /** The session's tokens (never the refresh token), or `null`. */
  getTokenInfo(): FiefAuthState['tokenInfo'] {
    return this.isAuthenticated() ? (this.#keeper.session?.tokenInfo ?? null) : null;
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
    if (shared !== null) markLoggedOut(shared, this.#namespace, this.#now());
    this.#keeper.end({ broadcast: true, upTo: null, error: null });
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
    if (this.#started) await this.#keeper.settled();
    let session = this.#keeper.session;
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

  /** Calls Fief's user API with the access token (signed-in only), and shares the user info it answers. */
  async #userAPI(call: (accessToken: string) => Promise<FiefUserInfo>): Promise<FiefUserInfo> {
    const accessToken = await this.getAccessToken();
    if (accessToken === null) {
      throw new FiefError('expected a signed-in session, found none', 'ERR_FIEF_NOT_AUTHENTICATED');
    }
    const userinfo = await call(accessToken);
    const session = this.#keeper.session;
    if (session !== null) {
      // The user API answers with the user's claims (no protocol claims to leave out).
      this.#keeper.set({ ...session, userinfo, revision: session.revision + 1 }, { broadcast: true });
    }
    return userinfo;
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
        clientId: this.fief.clientId,
        pendingStorage: this.#pendingStorage(),
        now: () => this.#now(),
      };
      const { session, returnTo } = await finishLogin(context, href, redirectURI);
      this.#keeper.set(session, { broadcast: true });
      return { tokens: session.tokenInfo, userinfo: session.userinfo, returnTo };
    } catch (cause) {
      const error =
        cause instanceof FiefAuthCallbackError
          ? cause
          : new FiefAuthCallbackError('token_exchange', 'expected to finish the login, but it failed', {
              cause,
            });
      cleanAddressBar();
      if (this.#keeper.session === null) this.#keeper.fail(error, 'error');
      throw error;
    } finally {
      this.#callbacksRunning -= 1;
      cleanAddressBar();
      if (this.#queryTimer === null) this.#settleWithoutSession();
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Refresh

  /** Runs when the scheduler fires or the tab is shown: refreshes when due, ends an expired session. */
  #checkSession(): void {
    const session = this.#keeper.session;
    if (session === null) return;
    const now = this.#now();
    if (session.refreshToken !== null) {
      const dueAt = refreshDueAt(session, this.#marginMs);
      if (now >= dueAt) void this.#refresh();
      else if (this.#started) this.#scheduler.schedule(dueAt);
    } else if (!isSessionValid(session, now)) {
      this.#keeper.end({ broadcast: false, upTo: session, error: null });
    } else if (this.#started) {
      this.#scheduler.schedule(session.tokenInfo.expires_at);
    }
  }

  /** Refreshes the session, once at a time in this tab (callers share the promise). */
  #refresh(): Promise<Session | null> {
    const intended = this.#keeper.session;
    if (intended === null || intended.refreshToken === null) return Promise.resolve(intended);
    if (this.#refreshing === null) {
      // The refresh across tabs loads on demand (`sessionRefresher.ts`): a reload that needs none never fetches it.
      this.#refreshing = loadSessionFlows()
        .then(({ refreshSession }) => refreshSession(this.#host(), intended))
        .finally(() => {
          this.#refreshing = null;
          // What the refresh brought may be due already (an answer slower than the token's lifetime): look again
          // shortly, never at once (a server that hands out expired tokens is not hammered).
          const session = this.#keeper.session;
          if (this.#started && session !== null && this.#now() >= refreshDueAt(session, this.#marginMs)) {
            this.#scheduler.schedule(this.#now() + MIN_REFRESH_INTERVAL_MS);
          }
        });
    }
    return this.#refreshing;
  }

  #host(): RefreshHost {
    this.#refreshHost ??= {
      fief: this.fief,
      keeper: this.#keeper,
      namespace: this.#namespace,
      tabId: this.#tabId,
      scope: this.#scope,
      marginMs: this.#marginMs,
      storage: this.#storage,
      retries: 0,
      started: () => this.#started,
      tabs: () => this.#tabSync(),
      shared: () => this.#sharedStorage(),
      now: () => this.#now(),
      schedule: (at) => this.#scheduler.schedule(at),
    };
    return this.#refreshHost;
  }

  /** A session was adopted: the query for one is answered, and the next refresh is planned. */
  #onSession(): void {
    if (this.#queryTimer !== null) {
      clearTimeout(this.#queryTimer);
      this.#queryTimer = null;
    }
    this.#checkSession();
  }

  /** Nothing stored, nothing from the other tabs, no callback running: signed out. */
  #settleWithoutSession(): void {
    const keeper = this.#keeper;
    if (keeper.session !== null || keeper.status !== 'loading' || this.#callbacksRunning > 0) return;
    keeper.status = 'anonymous';
    keeper.emit();
  }

  #tabSync(): TabSync {
    this.#tabs ??= new TabSync(this.#namespace, this.#tabSyncOptions, this.#sharedStorage(), this.#tabId);
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

function defaultNavigate(url: string): void {
  globalThis.location.assign(url);
}
