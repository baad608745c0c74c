/**
 * `createTestFiefAuth`: a `FiefAuth` for an app's tests, driven by the test instead of by Fief. No network, no
 * storage, no timers; every action is recorded instead of done.
 */

import { FiefError } from '../protocol/errors.js';
import { Fief } from '../protocol/fief.js';
import type { FiefUserInfo } from '../protocol/types.js';
import type { FiefAuthState, FiefAuthStatus, FiefTokenInfo } from '../session/authState.js';
import { FiefAuth } from '../session/fiefAuth.js';
import type { FiefAuthCallbackResult, RedirectToLoginOptions } from '../session/fiefAuthOptions.js';

/** The state a {@link TestFiefAuth} starts in; `userinfo` alone means signed in. */
export interface TestFiefAuthInit {
  userinfo?: FiefUserInfo | null;
  tokenInfo?: Partial<FiefTokenInfo>;
  /** Default: `'authenticated'` with `userinfo`, else `'anonymous'` (`'error'` when `error` is given). */
  status?: FiefAuthStatus;
  error?: FiefError | null;
}

/** One recorded action: the method's name and its arguments. */
export interface TestFiefAuthCall {
  readonly method: string;
  readonly args: readonly unknown[];
}

/**
 * Tokens of a test session; `overrides` wins. The access token expires in an hour.
 *
 * @example
 * ```ts
 * const tokens = testTokenInfo({ permissions: ['castles:read'] });
 * ```
 */
export function testTokenInfo(overrides: Partial<FiefTokenInfo> = {}): FiefTokenInfo {
  return {
    access_token: 'test-access-token',
    id_token: 'test-id-token',
    token_type: 'bearer',
    expires_at: Date.now() + 3_600_000,
    scope: ['openid', 'offline_access'],
    acr: '0',
    permissions: [],
    ...overrides,
  };
}

/**
 * A `FiefAuth` whose state the test sets (`signIn`, `signOut`, `setState`) and whose actions (`redirectToLogin`,
 * `logout`, `updateProfile`, ...) land in {@link TestFiefAuth.calls}. It is a `FiefAuth` (`instanceof` holds), so
 * `<FiefAuthProvider auth={...}>`, `FiefAuthTestProvider` and `createAuthFetch` take it.
 *
 * @example
 * ```ts
 * const auth = new TestFiefAuth();
 * auth.signIn({ sub: 'u1', email: 'anne@example.com', tenant_id: 't1', fields: {} });
 * ```
 */
export class TestFiefAuth extends FiefAuth {
  /** Every action called, in order. */
  readonly calls: TestFiefAuthCall[] = [];
  #state: FiefAuthState;
  #nextTokens: Partial<FiefTokenInfo> | null = null;
  readonly #testListeners = new Set<() => void>();

  constructor(initial: TestFiefAuthInit = {}) {
    super(new Fief({ baseURL: 'https://fief.test', clientId: 'test-client' }), {
      storage: 'memory',
      navigate: () => {},
      tabSync: { channel: () => null, locks: null, shared: null },
    });
    const userinfo = initial.userinfo ?? null;
    const status = initial.status ?? (userinfo ? 'authenticated' : initial.error ? 'error' : 'anonymous');
    this.#state = freeze({
      status,
      userinfo: status === 'authenticated' ? userinfo : null,
      tokenInfo: status === 'authenticated' ? testTokenInfo(initial.tokenInfo) : null,
      error: initial.error ?? null,
    });
  }

  /** Signs `userinfo` in with test tokens (`tokenInfo` overrides them); listeners are told. */
  signIn(userinfo: FiefUserInfo, tokenInfo?: Partial<FiefTokenInfo>): void {
    this.setState({ status: 'authenticated', userinfo, tokenInfo: testTokenInfo(tokenInfo), error: null });
  }

  /** Signs out (`anonymous`); listeners are told. */
  signOut(): void {
    this.setState({ status: 'anonymous', userinfo: null, tokenInfo: null, error: null });
  }

  /** Sets the whole snapshot (a `loading` or `error` state, say); listeners are told. */
  setState(state: FiefAuthState): void {
    this.#state = freeze(state);
    for (const listener of [...this.#testListeners]) listener();
  }

  /** The tokens the next `getAccessToken({ forceRefresh: true })` signs in with (as a refresh would). */
  queueRefresh(tokenInfo: Partial<FiefTokenInfo>): void {
    this.#nextTokens = tokenInfo;
  }

  override start(): void {}

  override dispose(): void {}

  override subscribe(listener: () => void): () => void {
    this.#testListeners.add(listener);
    return () => {
      this.#testListeners.delete(listener);
    };
  }

  override getSnapshot(): FiefAuthState {
    return this.#state;
  }

  override ready(): Promise<FiefAuthState> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.#state.status === 'loading') return;
        this.#testListeners.delete(check);
        resolve(this.#state);
      };
      this.#testListeners.add(check);
      check();
    });
  }

  override isAuthenticated(): boolean {
    return this.#state.status === 'authenticated';
  }

  override getUserinfo(): FiefUserInfo | null {
    return this.#state.userinfo;
  }

  override getTokenInfo(): FiefTokenInfo | null {
    return this.#state.tokenInfo;
  }

  override async getAccessToken(options?: { forceRefresh?: boolean }): Promise<string | null> {
    this.#record('getAccessToken', options === undefined ? [] : [options]);
    // As the real engine: while `loading` (a stored session refreshing), the answer is the outcome's token.
    const { userinfo } = await this.ready();
    if (options?.forceRefresh && this.#nextTokens !== null && userinfo !== null) {
      this.signIn(userinfo, this.#nextTokens);
      this.#nextTokens = null;
    }
    return this.#state.tokenInfo?.access_token ?? null;
  }

  override async redirectToLogin(redirectURI: string, options: RedirectToLoginOptions = {}): Promise<void> {
    this.#record('redirectToLogin', [redirectURI, options]);
  }

  /**
   * Records the call; resolves with the test session, returning to `/`. With none it rejects with
   * `ERR_FIEF_NOT_AUTHENTICATED` and, as the real engine's failed callback, leaves `status` `'error'` with that error.
   */
  override async authCallback(redirectURI: string): Promise<FiefAuthCallbackResult> {
    this.#record('authCallback', [redirectURI]);
    const { userinfo, tokenInfo } = this.#state;
    if (userinfo === null || tokenInfo === null) {
      const error = new FiefError(
        'expected a test session (call signIn first), found none',
        'ERR_FIEF_NOT_AUTHENTICATED',
      );
      // As the real engine: a failed callback with no session to keep leaves the session in error, with why.
      this.setState({ status: 'error', userinfo: null, tokenInfo: null, error });
      throw error;
    }
    return { userinfo, tokens: tokenInfo, returnTo: '/' };
  }

  override async logout(redirectURI: string): Promise<void> {
    this.#record('logout', [redirectURI]);
    this.signOut();
  }

  override async refreshUserinfo(): Promise<FiefUserInfo> {
    return this.#userAction('refreshUserinfo', []);
  }

  override async updateProfile(data: Record<string, unknown>): Promise<FiefUserInfo> {
    return this.#userAction('updateProfile', [data]);
  }

  override async changePassword(newPassword: string): Promise<FiefUserInfo> {
    return this.#userAction('changePassword', [newPassword]);
  }

  override async emailChange(email: string): Promise<FiefUserInfo> {
    return this.#userAction('emailChange', [email]);
  }

  override async emailVerify(code: string): Promise<FiefUserInfo> {
    return this.#userAction('emailVerify', [code]);
  }

  #record(method: string, args: unknown[]): void {
    this.calls.push(Object.freeze({ method, args }));
  }

  /** Records the call; resolves with the current user (signed out: the engine's `ERR_FIEF_NOT_AUTHENTICATED`). */
  #userAction(method: string, args: unknown[]): FiefUserInfo {
    this.#record(method, args);
    const { userinfo } = this.#state;
    if (userinfo === null) {
      throw new FiefError('expected a signed-in session, found none', 'ERR_FIEF_NOT_AUTHENTICATED');
    }
    return userinfo;
  }
}

/**
 * A {@link TestFiefAuth}: the engine's public surface with no I/O, for testing code that uses `FiefAuth`.
 *
 * @example
 * ```ts
 * const auth = createTestFiefAuth({ userinfo: { sub: 'u1', email: 'anne@example.com', tenant_id: 't1', fields: {} } });
 * await auth.logout('http://localhost/');
 * auth.calls; // [{ method: 'logout', args: ['http://localhost/'] }]
 * ```
 */
export function createTestFiefAuth(initial?: TestFiefAuthInit): TestFiefAuth {
  return new TestFiefAuth(initial);
}

function freeze(state: FiefAuthState): FiefAuthState {
  return Object.freeze({ ...state });
}
