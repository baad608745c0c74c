/**
 * The `Fief` client: one instance per Fief client ID. The endpoints that need no token validation (discovery,
 * JWKS, user API, logout) are in `fiefEndpoints.ts`; here are the flows and the validation, each step delegated to
 * the module that owns it.
 */

import type { FiefACR } from './acr.js';
import type { FiefAuthURLParameters } from './authURL.js';
import type { IDTokenExpectations } from './clientTokens.js';
import { clientOf, essentialsOf, FiefEndpoints, flowsOf } from './fiefEndpoints.js';
import { loadProtocolFlows } from './loadProtocolFlows.js';
import { readTokenAnswer, sendTokenRequest } from './tokenRequest.js';
import type {
  AccessTokenOptions,
  FiefAccessTokenInfo,
  FiefParameters,
  FiefTokenResponse,
  FiefUserInfo,
  JSONWebKeySet,
} from './types.js';

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
export class Fief extends FiefEndpoints {
  /**
   * Stores the options; nothing is fetched, imported or started here.
   *
   * @throws TypeError when `baseURL` is not an http(s) URL or `clientId` is empty (an unset environment variable), or
   *   `clockToleranceSeconds` is not a number of seconds between 0 and 600.
   *
   * @example
   * ```ts
   * const fief = new Fief({ baseURL: 'http://127.0.0.1:8000', clientId: 'fief-spa-example', clockToleranceSeconds: 30 });
   * ```
   */
  constructor(parameters: FiefParameters) {
    const { baseURL, clientId, clockToleranceSeconds: tolerance } = parameters;
    // Unset, it is most often an environment variable missing (`import.meta.env.VITE_FIEF_BASE_URL`).
    if (!/^https?:\/\//i.test(baseURL))
      throw new TypeError(`expected baseURL to be an http(s) URL, found ${baseURL}`);
    // The same mistake: the login would leave for Fief with `client_id=undefined`, and the session be kept under it.
    if (!clientId) throw new TypeError(`expected clientId to be set, found ${clientId}`);
    // A string or NaN here would silently turn the exp and iat checks off (`exp + '60'` is a string).
    if (tolerance !== undefined && !(Number.isFinite(tolerance) && tolerance >= 0 && tolerance <= 600)) {
      throw new TypeError(`expected clockToleranceSeconds between 0 and 600, found ${String(tolerance)}`);
    }
    super(parameters);
  }

  /**
   * Returns the authorization URL to send the user to. Each parameter appears once; `lang` and
   * `extrasParams` are sent whether or not `state` is.
   *
   * @example
   * ```ts
   * import { generateCodeVerifier, generateNonce, generateState, getCodeChallenge } from '@fief-spa/core';
   *
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
    const flows = await flowsOf(this);
    return flows.buildAuthURL(await this.getOpenIDConfiguration(), this.clientId, parameters);
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
   * them with the claims of the validated ID token. The refresh token is sent only once the code that validates the
   * answer is loaded ({@link Fief.loadTokenValidation}): otherwise a new refresh token could arrive and be lost.
   *
   * @param refreshToken - A refresh token (granted with the `offline_access` scope).
   * @param scope - Scopes to ask for, a subset of the original ones, as a list or space-separated; the original ones
   *   when omitted.
   * @param requestInit - Options for the token request.
   * @throws FiefError `ERR_FIEF_CHUNK_LOAD` when that code does not load; the refresh token was not sent.
   *
   * @example
   * ```ts
   * const [tokens, userinfo] = await fief.authRefreshToken(refreshToken);
   * ```
   */
  async authRefreshToken(
    refreshToken: string,
    scope?: string | string[],
    requestInit?: RequestInit,
  ): Promise<[FiefTokenResponse, FiefUserInfo]> {
    await Promise.all([this.loadTokenValidation(), this.getOpenIDConfiguration()]);
    return this.#grant(
      {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        scope: typeof scope === 'string' ? scope : scope?.join(' '),
      },
      requestInit,
      {},
    );
  }

  /**
   * Loads the code that validates token responses now rather than with the first token: the chunk of this package
   * loaded on demand, and the JWE module with an `encryptionKey`. {@link Fief.authRefreshToken} waits for it before
   * it sends the refresh token. Call it once a long-lived page has loaded, so that a deploy that removes the old
   * chunks from the server cannot break a later refresh (`FiefAuth` does, as soon as it holds a refresh token).
   *
   * @throws FiefError `ERR_FIEF_CHUNK_LOAD` when that code does not load (offline, or removed by a deploy). Browsers
   *   remember a failed load for the life of the page: only a reload loads it again.
   *
   * @example
   * ```ts
   * window.addEventListener('load', () => fief.loadTokenValidation().catch(() => {}));
   * ```
   */
  async loadTokenValidation(): Promise<void> {
    await (await loadProtocolFlows()).prepareTokenValidation(clientOf(this));
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
    const config = await essentialsOf(this);
    const client = clientOf(this);
    const request = sendTokenRequest(client.http, config, client.parameters, grant, requestInit);
    // Settled later by the validation; the empty handler only keeps a failure from being "unhandled".
    client.jwks.get().catch(() => {});
    // The validation code loads meanwhile (from the app's origin), while the token request is on its way.
    const loading = loadProtocolFlows();
    const answer = await request;
    const flows = await loading;
    // RFC 6749 §5.1: the members a token response must have, then the ID token (`at_hash` with the access token).
    return flows.grantedTokens(client, readTokenAnswer(flows.readJSON, answer), checks);
  }

  /**
   * Checks an access token's signature, issuer, audience (it must be issued to this client, or to one of
   * `options.audience`), `exp`, `nbf` and `iat`, then that it grants the required scopes, ACR level and permissions.
   *
   * @throws FiefAccessTokenInvalid, FiefAccessTokenExpired, FiefAccessTokenMissingScope,
   *   FiefAccessTokenACRTooLow, FiefAccessTokenMissingPermission; FiefRequestError when discovery or the key set
   *   cannot be fetched (Fief down: the token may be good, so an API answers 503, not 401); `TypeError` for
   *   arguments of the wrong shape (an audience, scopes or permissions not an array of strings, an empty audience,
   *   an unknown ACR level).
   *
   * @example
   * ```ts
   * import { FiefACR, FiefAccessTokenExpired, FiefAccessTokenMissingScope } from '@fief-spa/core';
   *
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
    const flows = await flowsOf(this);
    return flows.accessTokenInfo(
      clientOf(this),
      accessToken,
      requiredScopes,
      requiredACR,
      requiredPermissions,
      options,
    );
  }

  /**
   * Validates an ID token against the given key set (no refetch) and returns its claims. Pass `accessToken`
   * and `code` to check `at_hash`/`c_hash` (a token that carries one fails without it), `nonce` to check it.
   *
   * @param parameters - The token, the key set and the expectations, read when the method is called.
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
  async decodeIDToken({
    // A copy, made at the call: the caller's object may change while the chunk loads.
    ...parameters
  }: {
    idToken: string;
    jwks: JSONWebKeySet;
    code?: string;
    accessToken?: string;
    nonce?: string;
    maxAge?: number;
  }): Promise<FiefUserInfo> {
    return (await flowsOf(this)).decodedIDToken(clientOf(this), parameters);
  }
}
