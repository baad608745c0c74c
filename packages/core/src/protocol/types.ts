/** Public types of the Fief client. */
import type { JWK } from 'jose';
import type { FiefACR } from './acr.js';

/**
 * A JSON Web Key Set (RFC 7517 §5): `{ keys: JWK[] }`, as served at the discovered `jwks_uri`.
 *
 * @example
 * ```ts
 * const jwks: JSONWebKeySet = await fief.getJWKS();
 * console.log(jwks.keys.map((key) => key.kid));
 * ```
 */
export interface JSONWebKeySet {
  keys: JSONWebKey[];
}

/**
 * One JSON Web Key (RFC 7517 §4) of a {@link JSONWebKeySet}. Its own name (jose's `JWK` underneath): a type an app
 * infers from this package is then written `@fief-spa/core`'s in the app's declaration files, never `jose`'s, which an
 * app need not depend on (with pnpm it cannot even name it).
 *
 * @example
 * ```ts
 * const signingKeys: JSONWebKey[] = (await fief.getJWKS()).keys.filter((key) => key.use === 'sig');
 * ```
 */
export interface JSONWebKey extends JWK {}

/**
 * Options of the {@link Fief} constructor. The constructor only stores them: nothing is fetched or imported
 * before the first call that needs it.
 *
 * @example
 * ```ts
 * import { Fief, type FiefParameters } from '@fief-spa/core';
 *
 * const parameters: FiefParameters = {
 *   baseURL: 'https://example.fief.dev',
 *   clientId: 'YOUR_CLIENT_ID',
 *   clockToleranceSeconds: 30,
 * };
 * const fief = new Fief(parameters);
 * ```
 */
export interface FiefParameters {
  /** Base URL of your Fief tenant, e.g. `https://example.fief.dev`. It must equal the discovered `issuer`. */
  baseURL: string;
  /** ID of your Fief client. */
  clientId: string;
  /**
   * Secret of a confidential client, sent with `client_secret_basic` or `client_secret_post` as discovery says.
   * Never put it in a browser app: use a public client with PKCE there.
   */
  clientSecret?: string;
  /**
   * Private key that decrypts encrypted ID tokens (JWE): a JWK, its JSON text, or a `CryptoKey`.
   * Imported lazily on the first encrypted token, with the JWE code loaded on demand.
   */
  encryptionKey?: string | JsonWebKey | CryptoKey;
  /**
   * Options merged into every request (e.g. `credentials`, `cache`, extra `headers`). Without a `signal`, a request
   * whose answer is not complete after 30 s is abandoned: a `FiefRequestError` with the code `ERR_FIEF_NETWORK`
   * (no answer yet) or `ERR_FIEF_RESPONSE_INTERRUPTED` (the body stalled).
   */
  requestInit?: RequestInit;
  /** `fetch` to use instead of the global one (tests, proxies, instrumentation). */
  fetch?: typeof fetch;
  /**
   * A JSON Web Key Set already known; used instead of the first JWKS request. Like a fetched one, it is refetched
   * for an unknown `kid` and, in the background, once it is 10 minutes old (counted from its first use).
   */
  jwks?: JSONWebKeySet;
  /** A discovery document already known; validated like a fetched one, and used instead of the request. */
  openIDConfiguration?: Record<string, unknown>;
  /** Allowed clock difference with Fief when checking `exp` and `iat`, in seconds. Default: 60. */
  clockToleranceSeconds?: number;
}

/**
 * The OpenID Provider discovery document (OpenID Connect Discovery 1.0 §3) as Fief serves it.
 *
 * @example
 * ```ts
 * const config: FiefOpenIDConfiguration = await fief.getOpenIDConfiguration();
 * console.log(config.token_endpoint);
 * ```
 */
export interface FiefOpenIDConfiguration {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  userinfo_endpoint?: string;
  token_endpoint_auth_methods_supported?: string[];
  code_challenge_methods_supported?: string[];
  scopes_supported?: string[];
  /** The algorithms Fief signs with (Fief: `['RS256']`); decides the algorithm of a key that names none. */
  id_token_signing_alg_values_supported?: string[];
  [member: string]: unknown;
}

/**
 * Tokens returned by Fief's token endpoint.
 *
 * @example
 * ```ts
 * const [tokens]: [FiefTokenResponse, FiefUserInfo] = await fief.authCallback(code, redirectURI, verifier);
 * console.log(tokens.expires_in, tokens.refresh_token !== undefined);
 * ```
 */
export interface FiefTokenResponse {
  /** Access token for the Fief API and your own APIs. */
  access_token: string;
  /** ID token with the user's claims. */
  id_token: string;
  /** Type of the access token, usually `bearer`. */
  token_type: string;
  /** Lifetime of the access token, in seconds. */
  expires_in: number;
  /** Present only when `offline_access` was granted; use it with {@link Fief.authRefreshToken}. */
  refresh_token?: string;
}

/**
 * Claims of a Fief user, from a validated ID token or the userinfo endpoint.
 *
 * `Fief.authCallback` and `Fief.authRefreshToken` return every claim of the validated ID token. The session engine
 * (`FiefAuth.getUserinfo()`, the `userinfo` of its snapshot) keeps the user's claims only: it leaves out the claims
 * that describe the token or the sign-in and change with every token — `iss`, `aud`, `azp`, `exp`, `iat`, `nbf`,
 * `auth_time`, `nonce`, `at_hash`, `c_hash`, `acr`, `amr`, `sid`, `jti` — so that a refresh that brings the same
 * user claims keeps the same object. The authentication level is in the snapshot's `tokenInfo.acr`.
 *
 * @example
 * ```ts
 * const userinfo: FiefUserInfo = await fief.userinfo(accessToken);
 * console.log(userinfo.email, userinfo.fields.first_name);
 * ```
 */
export interface FiefUserInfo {
  /** ID of the user. */
  sub: string;
  /** Email address of the user. */
  email: string;
  /** Whether the email address was verified. */
  email_verified?: boolean;
  /** Whether the account is active. */
  is_active?: boolean;
  /** ID of the user's tenant. */
  tenant_id: string;
  /** Custom user fields, by slug. */
  fields: Record<string, unknown>;
  /** Any other claim (from `Fief`: `iss`, `aud`, `exp`, `acr`, ...; from `FiefAuth`: the user's own only). */
  [claim: string]: unknown;
}

/**
 * What a valid access token grants.
 *
 * @example
 * ```ts
 * const info: FiefAccessTokenInfo = await fief.validateAccessToken(accessToken, ['openid']);
 * console.log(info.id, info.scope, info.acr, info.permissions);
 * ```
 */
export interface FiefAccessTokenInfo {
  /** ID of the user (`sub`). */
  id: string;
  /** Granted scopes. */
  scope: string[];
  /** Authentication level. */
  acr: FiefACR;
  /** Granted permissions. */
  permissions: string[];
  /** The access token itself. */
  access_token: string;
}

/**
 * Options of `Fief.validateAccessToken` beyond the original client's parameters.
 *
 * @example
 * ```ts
 * // An API that also accepts the tokens of the mobile app's client.
 * const options: AccessTokenOptions = { audience: ['web-client-id', 'mobile-client-id'] };
 * ```
 */
export interface AccessTokenOptions {
  /**
   * The `aud` values of which the token must carry at least one. Default: the `Fief` instance's own client id,
   * which is what Fief puts in the access tokens it issues to that client.
   */
  audience?: string[];
}
