/**
 * `FiefAuth`, the browser session engine's public class, in the entry chunk: the session read from storage and its
 * snapshot (`sessionState.ts`), the callback's checks before its token request (`loginCallback.ts`), and the door to
 * the engine itself (`sessionEngine.ts`: the other tabs, the refresh, login and logout), in the session's chunk that
 * `start()` loads beside the first render.
 */

import { chunkLoadError, rejectChunkLoad } from '../protocol/errors.js';
import type { Fief } from '../protocol/fief.js';
import type { FiefUserInfo } from '../protocol/types.js';
import { currentHref } from './addressBar.js';
import type { FiefAuthState } from './authState.js';
import { callbackRuns } from './callbackRuns.js';
import { type EngineDoor, engineDoor } from './engineDoor.js';
import { type EngineSettings, engineSettings } from './engineSettings.js';
import type { FiefAuthCallbackResult, FiefAuthOptions, RedirectToLoginOptions } from './fiefAuthOptions.js';
import { runCallback } from './loginCallback.js';
import { isRefreshDue } from './refreshDue.js';
import type { SessionEngine } from './sessionEngine.js';
import { SessionState } from './sessionState.js';
import { isSessionValid, loadSession, type Session } from './sessionStore.js';

/**
 * The browser session engine. The constructor only reads the stored session: timers and listeners start with
 * {@link FiefAuth.start} (or the first {@link FiefAuth.subscribe}) and stop with {@link FiefAuth.dispose}, after
 * which `start()` may run again.
 *
 * @example
 * ```ts
 * import { Fief, FiefAuth } from '@fief-spa/core';
 *
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
  readonly #settings: EngineSettings;
  readonly #state: SessionState;
  readonly #callbacks = callbackRuns(() => this.#state.session?.tokenInfo);
  readonly #door: EngineDoor;

  /** An engine over `fief`, the protocol client; `options`: see {@link FiefAuthOptions}. */
  constructor(fief: Fief, options: FiefAuthOptions = {}) {
    this.fief = fief;
    const settings = engineSettings(fief, options);
    this.#settings = settings;
    const stored = loadSession(settings.storage, settings.namespace, settings.clientId);
    const state = new SessionState(settings, stored);
    this.#state = state;
    this.#door = engineDoor({
      settings,
      state,
      callbackRunning: () => this.#callbacks.running(),
    });
  }

  /**
   * Starts timers and listeners: the refresh timer, the channel to the other tabs and the page events, with the
   * session's chunk. Refreshes a stored expired session, or asks the other tabs for theirs. Idempotent. Another tab's
   * sign-out (its logout mark) ends the session here at once, whether the chunk ever loads or not.
   */
  start(): void {
    this.#door.start();
  }

  /** Stops every timer and listener started by {@link start}. The state is kept; `start()` may run again. */
  dispose(): void {
    this.#door.dispose();
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
    const unsubscribe = this.#state.subscribe(listener);
    this.start();
    return unsubscribe;
  }

  /** The current state: the same object until one of its values changes. */
  getSnapshot(): FiefAuthState {
    return this.#state.snapshot;
  }

  /**
   * Resolves with the first snapshot whose `status` is not `'loading'` (at once when already settled), starting the
   * engine if needed: for router loaders, API clients and any code outside React. Disposed while it waits (the
   * provider unmounted), the engine refreshes a stored session on demand, as for {@link getAccessToken}.
   *
   * @example
   * ```ts
   * const { status, userinfo } = await auth.ready();
   * if (status === 'authenticated') console.info(userinfo?.email);
   * ```
   */
  async ready(): Promise<FiefAuthState> {
    this.start();
    // Settled from storage (a signed-in reload): nothing to wait for, not even the engine's chunk.
    if (this.#door.now() === null && this.#state.status !== 'loading') return this.#state.snapshot;
    try {
      return await (await this.#door.load()).ready();
    } catch (cause) {
      this.#door.chunkFailed(cause);
      await this.#state.settled();
      return this.#state.snapshot;
    }
  }

  /** Whether there is a session whose access token has not expired. */
  isAuthenticated(): boolean {
    return this.#validSession() !== null;
  }

  /**
   * The signed-in user's claims, or `null`: the ID token's claims without those about the token or the sign-in (see
   * {@link FiefUserInfo}). A refresh that brings equal claims keeps the same object.
   *
   * @example
   * ```ts
   * const userinfo = auth.getUserinfo();
   * if (userinfo !== null) console.info(userinfo.email, userinfo.fields.first_name);
   * ```
   */
  getUserinfo(): FiefUserInfo | null {
    return this.#validSession()?.userinfo ?? null;
  }

  /** The session's tokens (never the refresh token), or `null`. */
  getTokenInfo(): FiefAuthState['tokenInfo'] {
    return this.#validSession()?.tokenInfo ?? null;
  }

  /**
   * Starts a login: saves the pending login (PKCE verifier, `state`, `nonce`, where to return) in `sessionStorage`
   * under its `state`, then navigates to Fief's authorization URL. While the page leaves for Fief's logout
   * (`logout()` navigated less than 10 s ago, and the page was not shown again since) it resolves without navigating,
   * and logs `login.skipped`: its navigation would replace the logout's, and Fief's session would stay open. A login
   * that cannot start once the logout navigated meanwhile resolves the same way (no error while the page leaves).
   *
   * @param redirectURI - The callback page's URL, as registered on the Fief client; a path (`/callback`) is taken on
   *   the app's origin, an absolute URL is sent exactly as given.
   * @throws {@link FiefError} why it cannot start (e.g. `ERR_FIEF_UNREACHABLE`), also set as the snapshot's `error`.
   *
   * @example
   * ```ts
   * await auth.redirectToLogin('https://app.example/callback', { returnTo: '/account', lang: 'fr' });
   * // before a password change: ask for a fresh login
   * await auth.redirectToLogin('https://app.example/callback', { acrValues: '1', prompt: 'login' });
   * ```
   */
  async redirectToLogin(redirectURI: string, options: RedirectToLoginOptions = {}): Promise<void> {
    // Discovery is requested while the engine's chunk loads (mostly loaded already): neither waits for the other.
    this.fief.getOpenIDConfiguration().catch(() => {});
    const engine = await this.#door.load().catch((cause: unknown) => {
      const error = chunkLoadError(cause);
      this.#state.fail(error, this.#state.status);
      throw error;
    });
    await engine.redirectToLogin(redirectURI, options);
  }

  /**
   * Finishes the login on the callback page: checks the response in the URL against the pending login, exchanges
   * the code, stores the session, removes the response parameters from the address bar.
   *
   * Runs once per callback URL: calls while it runs get the same promise, and so do calls after it finished on the
   * cleaned URL while the tab holds the tokens it held then (else they are answered anew). On failure nothing is
   * stored and an existing session is untouched. Two logins at once (two tabs): the one whose code
   * exchange was sent last (same millisecond: the greater sign-in ID) is kept in every tab; a callback whose answer
   * lands after it resolves with it, one that resolved before it with its own sign-in, replaced since. No `state` (a
   * bookmark): a tab signed in (once settled) resolves with its session, to `/`; another rejects (`missing_state`).
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
    return this.#callbacks.once(
      href,
      () => runCallback(this.#settings, this.#state, this.#door, href, redirectURI),
      () => this.#door.settleWithoutSession(),
    );
  }

  /**
   * Signs out: ends the session here and in every other tab first, then checks that Fief answers and navigates to
   * Fief's logout URL (which ends Fief's own session and comes back to `redirectURI`).
   *
   * @throws {@link FiefError} `ERR_FIEF_UNREACHABLE` when Fief does not answer (`ERR_FIEF_CHUNK_LOAD`: its code did not
   *   load): the page stays, the session is ended everywhere, Fief's may still be open (say so).
   *
   * @example
   * ```ts
   * await auth.logout('https://app.example/').catch((error) => showSignedOutButFiefNotTold(error));
   * ```
   */
  logout(redirectURI: string): Promise<void> {
    const engine = this.#door.now();
    if (engine !== null) return engine.logout(redirectURI);
    // Before anything loads: the sign-out must not wait for code, nor depend on it.
    this.#door.signOutHere();
    return this.#door
      .load()
      .catch(rejectChunkLoad)
      .then((engine) => engine.leave(redirectURI));
  }

  /**
   * The access token, refreshed first when it expires within the margin; `null` when signed out. While the engine
   * is still `loading` (refreshing a stored session, asking the other tabs) it waits for the outcome.
   * `forceRefresh`: refresh even when not due (the API said the token is no longer valid); a session another tab
   * refreshed meanwhile is adopted instead. A sign-in without a refresh token (no `offline_access` scope) cannot be
   * refreshed: its token comes back as it is until it expires, and `null` after.
   *
   * @example
   * ```ts
   * const accessToken = await auth.getAccessToken();
   * if (accessToken !== null) await fetch('/api/castles', { headers: { Authorization: `Bearer ${accessToken}` } });
   * ```
   */
  async getAccessToken(options?: { forceRefresh?: boolean }): Promise<string | null> {
    // A call of a running engine disposed while the chunk loads gives up its refresh, as when the chunk was there.
    const startedBefore = this.#door.started;
    if (this.#door.now() === null) {
      this.#door.endIfRefused();
      const { session, status } = this.#state;
      const now = this.#settings.now();
      if (session === null && status !== 'loading') return null;
      // A valid session not due: no need to wait for the engine.
      if (session !== null && !options?.forceRefresh && !isRefreshDue(session, now, this.#settings.marginMs))
        return session.tokenInfo.access_token;
    }
    let engine: SessionEngine;
    try {
      engine = await this.#door.load();
    } catch (cause) {
      // Without its chunk (offline), the session stays as it is, and the failure is in the snapshot.
      this.#door.chunkFailed(cause);
      return this.#validSession()?.tokenInfo.access_token ?? null;
    }
    return engine.getAccessToken(options, startedBefore);
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

  /** The session, while its access token has not expired; else `null`. */
  #validSession(): Session | null {
    const session = this.#state.session;
    return session !== null && isSessionValid(session, this.#settings.now()) ? session : null;
  }

  /** Calls Fief's user API (signed-in only) and shares the answer; a stalled chunk fails it in time, nothing sent. */
  async #userAPI(call: (accessToken: string) => Promise<FiefUserInfo>): Promise<FiefUserInfo> {
    return (await this.#door.load().catch(rejectChunkLoad)).userAPI(call);
  }
}
