/**
 * The `Fief` client: one instance per Fief client ID. It holds configuration and caches (discovery, JWKS,
 * decryption key) and delegates every protocol step to the module that owns it.
 */

import type { FiefACR } from './acr.js';
import type { FiefAuthURLParameters } from './authURL.js';
import { fetchOpenIDConfiguration, normalizeBaseURL, parseOpenIDConfiguration } from './discovery.js';
import { DocumentCache } from './documentCache.js';
import type { HTTPContext } from './http.js';
import type { IDTokenChecks } from './idToken.js';
import type { Decryptor } from './jwe.js';
import { fetchJWKS, type JWKSCache } from './jwks.js';
import type { KeyResolver } from './jws.js';
import { loadProtocolFlows, type ProtocolFlows } from './loadProtocolFlows.js';
import { requestToken } from './tokenRequest.js';
import type {
  AccessTokenOptions,
  FiefAccessTokenInfo,
  FiefOpenIDConfiguration,
  FiefParameters,
  FiefTokenResponse,
  FiefUserInfo,
  JSONWebKeySet,
} from './types.js';

const DEFAULT_CLOCK_TOLERANCE_SECONDS = 60;

/** What an ID token is checked against beyond issuer, audience and times: the values of the request it answers. */
type IDTokenExpectations = Pick<IDTokenChecks, 'nonce' | 'code' | 'maxAge'>;

/**
 * Fief authentication client: OpenID Connect authorization code flow with PKCE, strict token validation and
 * the Fief user API. Works in browsers, Node 20+ and workers (fetch and WebCrypto only).
 *
 * @example
 * ```ts
 * import { Fief } from '@fief-spa/core';
 *
 * const fief = new Fief({
 *   baseURL: 'https://example.fief.dev',
 *   clientId: 'YOUR_CLIENT_ID',
 * });
 * ```
 */
export class Fief {
  readonly #options: FiefParameters;
  readonly #http: HTTPContext;
  readonly #discovery: DocumentCache<FiefOpenIDConfiguration>;
  readonly #jwks: JWKSCache;
  #decryptor: Decryptor | undefined;

  /**
   * Stores the options; nothing is fetched, imported or started here.
   *
   * @throws TypeError when `clockToleranceSeconds` is not a number of seconds between 0 and 600.
   *
   * @example
   * ```ts
   * const fief = new Fief({ baseURL: 'http://127.0.0.1:8000', clientId: 'fief-spa-example', clockToleranceSeconds: 30 });
   * ```
   */
  constructor(parameters: FiefParameters) {
    const tolerance = parameters.clockToleranceSeconds;
    // A string or NaN here would silently turn the exp and iat checks off (`exp + '60'` is a string).
    if (tolerance !== undefined && !(Number.isFinite(tolerance) && tolerance >= 0 && tolerance <= 600)) {
      throw new TypeError(`expected clockToleranceSeconds between 0 and 600, found ${String(tolerance)}`);
    }
    this.#options = parameters;
    this.#http = { fetch: parameters.fetch, requestInit: parameters.requestInit };
    const { baseURL, openIDConfiguration: preloaded } = parameters;
    // A preloaded document is checked like a fetched one, on first use (and again on the next, if it failed).
    this.#discovery = new DocumentCache(() =>
      preloaded === undefined
        ? fetchOpenIDConfiguration(this.#http, baseURL)
        : Promise.resolve().then(() => parseOpenIDConfiguration(preloaded, baseURL, 0)),
    );
    this.#jwks = new DocumentCache(
      async () => fetchJWKS(this.#http, (await this.getOpenIDConfiguration()).jwks_uri),
      parameters.jwks,
    );
  }

  /** The client ID this instance authenticates as. */
  get clientId(): string {
    return this.#options.clientId;
  }

  /** Fief's base URL, without trailing slashes: Fief's issuer. */
  get baseURL(): string {
    return this.#baseURL;
  }

  get #baseURL(): string {
    return normalizeBaseURL(this.#options.baseURL);
  }

  get #clockTolerance(): number {
    return this.#options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  }

  /**
   * Returns the authorization URL to send the user to. Each parameter appears once; `lang` and
   * `extrasParams` are sent whether or not `state` is.
   *
   * @example
   * ```ts
   * const verifier = generateCodeVerifier();
   * const authURL = await fief.getAuthURL({
   *   redirectURI: 'http://localhost:5173/callback',
   *   scope: ['openid', 'offline_access'],
   *   state: generateState(),
   *   nonce: generateNonce(),
   *   codeChallenge: await getCodeChallenge(verifier, 'S256'),
   *   codeChallengeMethod: 'S256',
   * });
   * ```
   */
  async getAuthURL(parameters: FiefAuthURLParameters): Promise<string> {
    const [config, flows] = await Promise.all([this.getOpenIDConfiguration(), loadProtocolFlows()]);
    return flows.buildAuthURL(config, this.#options.clientId, parameters);
  }

  /**
   * Exchanges an authorization code for tokens and returns them with the claims of the validated ID token.
   * The JWKS is fetched in parallel with the token request.
   *
   * @param code - The `code` of the callback URL.
   * @param redirectURI - The exact `redirectURI` given to {@link Fief.getAuthURL}.
   * @param codeVerifier - The PKCE verifier whose challenge was sent.
   * @param requestInit - Options for the token request.
   * @param options - `nonce`: the nonce sent with the authorization request; the ID token must carry it.
   *   `maxAge`: the `max_age` sent (seconds); the ID token's `auth_time` must be within it.
   * @throws FiefRequestError when the token endpoint refuses (`err.error === 'invalid_grant'`, ...) or answers
   *   something else than a token response.
   * @throws FiefIdTokenInvalid when the ID token fails validation.
   *
   * @example
   * ```ts
   * const [tokens, userinfo] = await fief.authCallback(code, 'http://localhost:5173/callback', verifier, undefined, {
   *   nonce,
   * });
   * ```
   */
  async authCallback(
    code: string,
    redirectURI: string,
    codeVerifier?: string,
    requestInit?: RequestInit,
    options?: { nonce?: string; maxAge?: number },
  ): Promise<[FiefTokenResponse, FiefUserInfo]> {
    return this.#grant(
      { grant_type: 'authorization_code', code, redirect_uri: redirectURI, code_verifier: codeVerifier },
      requestInit,
      { nonce: options?.nonce, maxAge: options?.maxAge, code },
    );
  }

  /**
   * Exchanges a refresh token for fresh tokens (Fief rotates it: keep the new `refresh_token`) and returns
   * them with the claims of the validated ID token.
   *
   * @param refreshToken - A refresh token (granted with the `offline_access` scope).
   * @param scope - Scopes to ask for, a subset of the original ones; the original ones when omitted.
   * @param requestInit - Options for the token request.
   *
   * @example
   * ```ts
   * const [tokens, userinfo] = await fief.authRefreshToken(previous.refresh_token!);
   * ```
   */
  async authRefreshToken(
    refreshToken: string,
    scope?: string[],
    requestInit?: RequestInit,
  ): Promise<[FiefTokenResponse, FiefUserInfo]> {
    return this.#grant(
      { grant_type: 'refresh_token', refresh_token: refreshToken, scope: scope?.join(' ') },
      requestInit,
      {},
    );
  }

  /**
   * Sends a grant to the token endpoint and validates the ID token it returns (with `at_hash` against the
   * access token). The token request, the JWKS request and the load of the validation code start together, so
   * the token request is the only request to Fief in series (discovery aside, when not cached).
   */
  async #grant(
    grant: Record<string, string | undefined>,
    requestInit: RequestInit | undefined,
    checks: IDTokenExpectations,
  ): Promise<[FiefTokenResponse, FiefUserInfo]> {
    const config = await this.getOpenIDConfiguration();
    const request = requestToken(this.#http, config, this.#options, grant, requestInit);
    // Settled later by the validation; the empty handler only keeps a failure from being "unhandled".
    this.#jwks.get().catch(() => {});
    // The validation code loads meanwhile (from the app's origin); `#validateIDToken` awaits the same load.
    const loading = loadProtocolFlows();
    const answer = await request;
    // RFC 6749 §5.1: the members a token response must have.
    const tokens = (await loading).parseTokenResponse(answer);
    const userinfo = await this.#validateIDToken(
      tokens.id_token,
      (flows, algs) => flows.cachedKeyResolver(this.#jwks, algs),
      {
        ...checks,
        accessToken: tokens.access_token,
      },
    );
    return [tokens, userinfo];
  }

  /**
   * Checks an access token's signature, issuer, audience (it must be issued to this client, or to one of
   * `options.audience`), `exp`, `nbf` and `iat`, then that it grants the required scopes, ACR level and permissions.
   *
   * @throws FiefAccessTokenInvalid, FiefAccessTokenExpired, FiefAccessTokenMissingScope,
   *   FiefAccessTokenACRTooLow, FiefAccessTokenMissingPermission.
   *
   * @example
   * ```ts
   * try {
   *   const info = await fief.validateAccessToken(accessToken, ['openid'], FiefACR.LEVEL_ONE, ['castles:read']);
   *   console.log(info.id, info.permissions);
   * } catch (err) {
   *   if (err instanceof FiefAccessTokenExpired) console.error('Expired access token');
   *   else if (err instanceof FiefAccessTokenMissingScope) console.error('Missing', err.missingScopes);
   *   else throw err;
   * }
   * ```
   */
  async validateAccessToken(
    accessToken: string,
    requiredScopes?: string[],
    requiredACR?: FiefACR,
    requiredPermissions?: string[],
    options: AccessTokenOptions = {},
  ): Promise<FiefAccessTokenInfo> {
    const [config, flows] = await Promise.all([this.getOpenIDConfiguration(), loadProtocolFlows()]);
    const { issuer } = config;
    const keys = flows.cachedKeyResolver(this.#jwks, config.id_token_signing_alg_values_supported);
    return flows.validateAccessTokenClaims(accessToken, keys, {
      issuer,
      audience: options.audience ?? [this.#options.clientId],
      clockToleranceSeconds: this.#clockTolerance,
      requiredScopes,
      requiredACR,
      requiredPermissions,
    });
  }

  /**
   * Validates an ID token against the given key set (no refetch) and returns its claims. Pass `accessToken`
   * and `code` to check `at_hash`/`c_hash` (a token that carries one fails without it), `nonce` to check it.
   *
   * @example
   * ```ts
   * const userinfo = await fief.decodeIDToken({
   *   idToken: tokens.id_token,
   *   jwks: await fief.getJWKS(),
   *   accessToken: tokens.access_token,
   * });
   * ```
   */
  async decodeIDToken(parameters: {
    idToken: string;
    jwks: JSONWebKeySet;
    code?: string;
    accessToken?: string;
    nonce?: string;
    maxAge?: number;
  }): Promise<FiefUserInfo> {
    const { idToken, jwks, code, accessToken, nonce, maxAge } = parameters;
    return this.#validateIDToken(idToken, (flows, algs) => flows.staticKeyResolver(jwks, algs), {
      code,
      accessToken,
      nonce,
      maxAge,
    });
  }

  async #validateIDToken(
    idToken: string,
    keys: (flows: ProtocolFlows, advertised: string[] | undefined) => KeyResolver,
    checks: IDTokenExpectations & { accessToken?: string | undefined },
  ): Promise<FiefUserInfo> {
    const [config, flows] = await Promise.all([this.getOpenIDConfiguration(), loadProtocolFlows()]);
    const { issuer } = config;
    return flows.validateIDToken(
      idToken,
      keys(flows, config.id_token_signing_alg_values_supported),
      { ...checks, issuer, clientId: this.#options.clientId, clockToleranceSeconds: this.#clockTolerance },
      this.#decrypt(flows),
    );
  }

  /** With an `encryptionKey`, the decryptor of this instance (it loads the JWE module on first use, once). */
  #decrypt(flows: ProtocolFlows): Decryptor | undefined {
    const encryptionKey = this.#options.encryptionKey;
    if (encryptionKey === undefined) return undefined;
    this.#decryptor ??= flows.lazyDecryptor(encryptionKey);
    return this.#decryptor;
  }

  /**
   * Returns fresh user information from Fief's userinfo endpoint.
   *
   * @example
   * ```ts
   * const userinfo = await fief.userinfo(tokens.access_token);
   * ```
   */
  async userinfo(accessToken: string, requestInit?: RequestInit): Promise<FiefUserInfo> {
    // The user API's code loads while discovery is read.
    const [config] = await Promise.all([this.getOpenIDConfiguration(), loadProtocolFlows()]);
    return this.#userRequest(
      config.userinfo_endpoint ?? `${this.#baseURL}/userinfo`,
      'GET',
      accessToken,
      undefined,
      requestInit,
    );
  }

  /**
   * Updates the user's profile (`PATCH /api/profile`). Custom fields go in `fields`, by slug.
   *
   * @example
   * ```ts
   * const userinfo = await fief.updateProfile(accessToken, { fields: { first_name: 'Anne' } });
   * ```
   */
  async updateProfile(
    accessToken: string,
    data: Record<string, unknown>,
    requestInit?: RequestInit,
  ): Promise<FiefUserInfo> {
    return this.#userRequest(`${this.#baseURL}/api/profile`, 'PATCH', accessToken, data, requestInit);
  }

  /**
   * Changes the user's password (`PATCH /api/password`). Needs an access token of ACR level 1 (a fresh login).
   *
   * @example
   * ```ts
   * const userinfo = await fief.changePassword(accessToken, 'herminetincture');
   * ```
   */
  async changePassword(
    accessToken: string,
    newPassword: string,
    requestInit?: RequestInit,
  ): Promise<FiefUserInfo> {
    return this.#userRequest(
      `${this.#baseURL}/api/password`,
      'PATCH',
      accessToken,
      { password: newPassword },
      requestInit,
    );
  }

  /**
   * Starts an email change (`PATCH /api/email/change`): Fief sends a code to the new address, to be given to
   * {@link Fief.emailVerify}. Needs an access token of ACR level 1.
   *
   * @example
   * ```ts
   * const userinfo = await fief.emailChange(accessToken, 'anne@nantes.city');
   * ```
   */
  async emailChange(accessToken: string, email: string, requestInit?: RequestInit): Promise<FiefUserInfo> {
    return this.#userRequest(
      `${this.#baseURL}/api/email/change`,
      'PATCH',
      accessToken,
      { email },
      requestInit,
    );
  }

  /**
   * Completes an email change with the code Fief sent (`POST /api/email/verify`). Needs an access token of ACR
   * level 1.
   *
   * @example
   * ```ts
   * const userinfo = await fief.emailVerify(accessToken, 'ABCDEF');
   * ```
   */
  async emailVerify(accessToken: string, code: string, requestInit?: RequestInit): Promise<FiefUserInfo> {
    return this.#userRequest(`${this.#baseURL}/api/email/verify`, 'POST', accessToken, { code }, requestInit);
  }

  /** The user API's code is in the chunk loaded on demand (`userAPI.ts`): no page needs it to render. */
  async #userRequest(
    url: string,
    method: 'GET' | 'PATCH' | 'POST',
    accessToken: string,
    data: Record<string, unknown> | undefined,
    requestInit: RequestInit | undefined,
  ): Promise<FiefUserInfo> {
    const { userRequest } = await loadProtocolFlows();
    return userRequest(this.#http, url, method, accessToken, data, requestInit);
  }

  /**
   * Returns the URL that ends the Fief session and then sends the user to `redirectURI`. Clear your own
   * session first.
   *
   * @example
   * ```ts
   * window.location.assign(await fief.getLogoutURL({ redirectURI: 'http://localhost:5173' }));
   * ```
   */
  async getLogoutURL(parameters: { redirectURI: string }): Promise<string> {
    return `${this.#baseURL}/logout?${new URLSearchParams({ redirect_uri: parameters.redirectURI })}`;
  }

  /**
   * Returns the discovery document, fetched once per instance (concurrent callers share the request) and
   * rejected if its `issuer` is not `baseURL`.
   *
   * @example
   * ```ts
   * const { token_endpoint } = await fief.getOpenIDConfiguration();
   * ```
   */
  getOpenIDConfiguration(): Promise<FiefOpenIDConfiguration> {
    return this.#discovery.get();
  }

  /**
   * Seeds the discovery cache with a document fetched earlier (e.g. stored before a redirect), so that the
   * next calls make no discovery request. The value is untrusted: a malformed document, or one whose
   * `issuer` is not `baseURL`, is ignored.
   *
   * @example
   * ```ts
   * sessionStorage.setItem('discovery', JSON.stringify(await fief.getOpenIDConfiguration()));
   * // after the redirect, on the callback page:
   * fief.setOpenIDConfiguration(JSON.parse(sessionStorage.getItem('discovery') ?? 'null'));
   * ```
   */
  setOpenIDConfiguration(config: unknown): void {
    // A document this instance already holds (fetched, preloaded or seeded) is never replaced by a stored copy.
    if (this.#options.openIDConfiguration !== undefined) return;
    try {
      this.#discovery.seed(parseOpenIDConfiguration(config, this.#options.baseURL, 0));
    } catch {
      // Untrusted input: ignore it and keep discovering as usual.
    }
  }

  /**
   * Returns the key set of Fief's `jwks_uri`, fetched once per instance (concurrent callers share the request).
   *
   * @example
   * ```ts
   * const jwks = await fief.getJWKS();
   * const userinfo = await fief.decodeIDToken({ idToken, jwks, accessToken });
   * ```
   */
  getJWKS(): Promise<JSONWebKeySet> {
    return this.#jwks.get();
  }
}
