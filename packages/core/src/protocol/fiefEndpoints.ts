/**
 * The half of the `Fief` client that talks to Fief without validating a token: the discovery document and the JWKS
 * (fetched once and kept), the user API and the logout URL. `fief.ts` adds the flows and the token validation.
 */

import type { ClientContext } from './clientContext.js';
import { type DiscoveryEssentials, discoveryEssentials, normalizeBaseURL } from './discoveryEssentials.js';
import { DocumentCache } from './documentCache.js';
import { loadProtocolFlows, type ProtocolFlows } from './loadProtocolFlows.js';
import { fetchJWKS, fetchOpenIDConfiguration } from './publishedDocuments.js';
import type { HTTPContext } from './transport.js';
import type { FiefOpenIDConfiguration, FiefParameters, FiefUserInfo, JSONWebKeySet } from './types.js';

/**
 * What the code loaded on demand needs of a client: options, requests, key set, discovery (for `fief.ts`). A function
 * over a #private field, as the options were in 0.1.0: no member of an app's subclass can shadow it, and the client
 * secret or a private key never shows in `JSON.stringify`, `console.log` or a spread of the client.
 */
export let clientOf: (endpoints: FiefEndpoints) => ClientContext;

/**
 * What the token request and the key set's request need of the discovery document: at once when the client holds a
 * copy given to it ({@link FiefEndpoints.setOpenIDConfiguration}, `openIDConfiguration`) and checked for that use
 * (`discoveryEssentials.ts`), so that a callback page sends the code and asks for the keys without waiting for the
 * chunk that checks the whole copy; otherwise the whole document.
 */
export let essentialsOf: (endpoints: FiefEndpoints) => Promise<DiscoveryEssentials>;

/** The chunk of the code loaded on demand, loaded while discovery is read (the discovery request is not delayed). */
export async function flowsOf(endpoints: FiefEndpoints): Promise<ProtocolFlows> {
  const [flows] = await Promise.all([loadProtocolFlows(), endpoints.getOpenIDConfiguration()]);
  return flows;
}

/**
 * Fief's endpoints for one client: discovery, JWKS, user API, logout. Not used alone: {@link Fief} extends it.
 */
export class FiefEndpoints {
  static {
    clientOf = (endpoints) => endpoints.#client;
    // Not an instance (a Proxy of one, an object of the same shape): its own document.
    essentialsOf = async (endpoints) =>
      (#essentials in endpoints && !endpoints.#client.parameters.clientSecret && endpoints.#essentials) ||
      endpoints.getOpenIDConfiguration();
  }
  readonly #client: ClientContext;
  readonly #discovery: DocumentCache<FiefOpenIDConfiguration>;
  /** The essentials of a copy the client was given, until the whole copy fails its check. */
  #essentials: DiscoveryEssentials | null;

  /** Stores the options; nothing is fetched here. */
  constructor(parameters: FiefParameters) {
    const http: HTTPContext = { fetch: parameters.fetch, requestInit: parameters.requestInit };
    const { baseURL, openIDConfiguration: preloaded } = parameters;
    // A preloaded document is checked like a fetched one, on first use (and again on the next, if it failed).
    this.#discovery = new DocumentCache(() =>
      preloaded === undefined
        ? fetchOpenIDConfiguration(http, baseURL)
        : this.#checked(preloaded, (error) => {
            throw error;
          }),
    );
    const openIDConfiguration = () => this.getOpenIDConfiguration();
    const jwks = new DocumentCache(
      async () => fetchJWKS(http, (await essentialsOf(this)).jwks_uri),
      parameters.jwks,
    );
    this.#client = { parameters, http, jwks, openIDConfiguration };
    this.#essentials = discoveryEssentials(preloaded, baseURL);
  }

  /** The client ID this instance authenticates as. */
  get clientId(): string {
    return this.#client.parameters.clientId;
  }

  /** Fief's base URL, without trailing slashes: Fief's issuer. */
  get baseURL(): string {
    return normalizeBaseURL(this.#client.parameters.baseURL);
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
    return (await flowsOf(this)).userinfo(this.#client, accessToken, requestInit);
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
    return (await loadProtocolFlows()).updateProfile(this.#client, accessToken, data, requestInit);
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
    return (await loadProtocolFlows()).changePassword(this.#client, accessToken, newPassword, requestInit);
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
    return (await loadProtocolFlows()).emailChange(this.#client, accessToken, email, requestInit);
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
    return (await loadProtocolFlows()).emailVerify(this.#client, accessToken, code, requestInit);
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
   * `issuer` is not `baseURL`, is ignored (the document is fetched instead). What the token request needs (`issuer`,
   * `token_endpoint` and `jwks_uri` on the issuer's origin) is checked at once, so that {@link Fief.authCallback}
   * sends the code without waiting; the rest of the copy is checked, with the code loaded on demand, before anything
   * else uses it.
   *
   * @example
   * ```ts
   * sessionStorage.setItem('discovery', JSON.stringify(await fief.getOpenIDConfiguration()));
   * // after the redirect, on the callback page:
   * fief.setOpenIDConfiguration(JSON.parse(sessionStorage.getItem('discovery') ?? 'null'));
   * ```
   */
  setOpenIDConfiguration(config: unknown): void {
    const { parameters, http } = this.#client;
    const essentials = discoveryEssentials(config, parameters.baseURL);
    // A document this instance already holds (fetched, preloaded or seeded) is never replaced by a stored copy.
    if (
      parameters.openIDConfiguration === undefined &&
      essentials !== null &&
      // A copy that fails the whole check is ignored: the document is fetched, as if none had been given.
      this.#discovery.seed(() =>
        this.#checked(config, () => fetchOpenIDConfiguration(http, parameters.baseURL)),
      )
    )
      this.#essentials = essentials;
  }

  /**
   * `document` checked whole by the chunk loaded on demand, or what `refused` gives when the check refuses it (its
   * essentials are then forgotten). A chunk that does not load refuses nothing: the essentials stay, as they were
   * checked, and the load's error is the caller's.
   */
  async #checked(
    document: unknown,
    refused: (error: unknown) => Promise<FiefOpenIDConfiguration>,
  ): Promise<FiefOpenIDConfiguration> {
    const flows = await loadProtocolFlows();
    try {
      return flows.parseOpenIDConfiguration(document, this.#client.parameters.baseURL, 0);
    } catch (error) {
      this.#essentials = null;
      return refused(error);
    }
  }

  /**
   * Returns the key set of Fief's `jwks_uri`, fetched once per instance (concurrent callers share the request).
   * A token check made when the set is 10 minutes old or more refetches it in the background; called while a
   * refetch is on its way, this waits for it.
   *
   * @example
   * ```ts
   * const jwks = await fief.getJWKS();
   * const userinfo = await fief.decodeIDToken({ idToken, jwks, accessToken });
   * ```
   */
  getJWKS(): Promise<JSONWebKeySet> {
    return this.#client.jwks.get();
  }
}
