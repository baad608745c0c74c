/**
 * The half of the `Fief` client that talks to Fief without validating a token: the discovery document and the JWKS
 * (fetched once and kept), the user API and the logout URL. `fief.ts` adds the flows and the token validation.
 */

import { fetchOpenIDConfiguration, normalizeBaseURL, parseOpenIDConfiguration } from './discovery.js';
import { DocumentCache } from './documentCache.js';
import type { HTTPContext } from './http.js';
import { fetchJWKS, type JWKSCache } from './jwks.js';
import { loadProtocolFlows } from './loadProtocolFlows.js';
import type { FiefOpenIDConfiguration, FiefParameters, FiefUserInfo, JSONWebKeySet } from './types.js';

/**
 * Fief's endpoints for one client: discovery, JWKS, user API, logout. Not used alone: {@link Fief} extends it.
 */
export class FiefEndpoints {
  /** The options the client was built with. */
  protected readonly parameters: FiefParameters;
  /** How requests are sent (`fetch`, `requestInit`). */
  protected readonly http: HTTPContext;
  /** The key set, refetched by the validation code when a token names a key it does not hold. */
  protected readonly jwks: JWKSCache;
  readonly #discovery: DocumentCache<FiefOpenIDConfiguration>;

  /** Stores the options; nothing is fetched here. */
  constructor(parameters: FiefParameters) {
    this.parameters = parameters;
    const http: HTTPContext = { fetch: parameters.fetch, requestInit: parameters.requestInit };
    this.http = http;
    const { baseURL, openIDConfiguration: preloaded } = parameters;
    // A preloaded document is checked like a fetched one, on first use (and again on the next, if it failed).
    this.#discovery = new DocumentCache(() =>
      preloaded === undefined
        ? fetchOpenIDConfiguration(http, baseURL)
        : Promise.resolve().then(() => parseOpenIDConfiguration(preloaded, baseURL, 0)),
    );
    this.jwks = new DocumentCache(
      async () => fetchJWKS(http, (await this.getOpenIDConfiguration()).jwks_uri),
      parameters.jwks,
    );
  }

  /** The client ID this instance authenticates as. */
  get clientId(): string {
    return this.parameters.clientId;
  }

  /** Fief's base URL, without trailing slashes: Fief's issuer. */
  get baseURL(): string {
    return normalizeBaseURL(this.parameters.baseURL);
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
      config.userinfo_endpoint ?? `${this.baseURL}/userinfo`,
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
    return this.#userRequest(`${this.baseURL}/api/profile`, 'PATCH', accessToken, data, requestInit);
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
      `${this.baseURL}/api/password`,
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
      `${this.baseURL}/api/email/change`,
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
    return this.#userRequest(`${this.baseURL}/api/email/verify`, 'POST', accessToken, { code }, requestInit);
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
    return userRequest(this.http, url, method, accessToken, data, requestInit);
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
    return `${this.baseURL}/logout?${new URLSearchParams({ redirect_uri: parameters.redirectURI })}`;
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
    if (this.parameters.openIDConfiguration !== undefined) return;
    try {
      this.#discovery.seed(parseOpenIDConfiguration(config, this.parameters.baseURL, 0));
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
    return this.jwks.get();
  }
}
