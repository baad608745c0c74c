/**
 * What `Fief` does with the tokens it is given or granted: the ID token of a token response, an ID token checked
 * against a given key set, an access token. Part of the chunk loaded on demand (`protocolFlows.ts`): `fief.ts` keeps
 * short methods that load it, so that a page that validates nothing never downloads this code.
 */
import { validateAccessTokenClaims } from './accessToken.js';
import type { FiefACR } from './acr.js';
import type { ClientContext } from './clientContext.js';
import { type LazyDecryptor, lazyDecryptor } from './decryptor.js';
import { type IDTokenChecks, validateIDToken } from './idToken.js';
import type { JSONObject } from './json.js';
import { cachedKeyResolver, staticKeyResolver } from './jwkSelection.js';
import type { KeyResolver } from './jws.js';
import { parseTokenResponse } from './tokenResponse.js';
import type {
  AccessTokenOptions,
  FiefAccessTokenInfo,
  FiefParameters,
  FiefTokenResponse,
  FiefUserInfo,
  JSONWebKeySet,
} from './types.js';

const DEFAULT_CLOCK_TOLERANCE_SECONDS = 60;

/** What an ID token is checked against beyond issuer, audience and times: the values of the request it answers. */
export type IDTokenExpectations = Pick<IDTokenChecks, 'nonce' | 'code' | 'maxAge' | 'accessToken'>;

/**
 * Reads a token response (RFC 6749 §5.1) and validates its ID token with the client's cached key set (`at_hash`
 * against the access token).
 *
 * @example
 * ```ts
 * import { readJSON } from './http.js';
 * import { readTokenAnswer, sendTokenRequest } from './tokenRequest.js';
 *
 * const answer = readTokenAnswer(readJSON, await sendTokenRequest(client.http, config, client.parameters, grant));
 * const [tokens, userinfo] = await grantedTokens(client, answer, { nonce, code });
 * ```
 */
export async function grantedTokens(
  client: ClientContext,
  answer: JSONObject,
  checks: IDTokenExpectations,
): Promise<[FiefTokenResponse, FiefUserInfo]> {
  const tokens = parseTokenResponse(answer);
  const userinfo = await clientIDTokenClaims(
    client,
    tokens.id_token,
    (algs) => cachedKeyResolver(client.jwks, algs),
    {
      ...checks,
      accessToken: tokens.access_token,
    },
  );
  return [tokens, userinfo];
}

/**
 * Loads what validating this client's ID tokens loads on demand: the JWE module and the key, with an `encryptionKey`
 * (`Fief.loadTokenValidation`).
 *
 * @example
 * ```ts
 * await prepareTokenValidation(client);
 * ```
 */
export async function prepareTokenValidation(client: ClientContext): Promise<void> {
  await clientDecryptor(client)?.load();
}

/** The client's decryptor, built on first use when it has an `encryptionKey`. */
function clientDecryptor(client: ClientContext): LazyDecryptor | undefined {
  const { encryptionKey } = client.parameters;
  if (encryptionKey !== undefined) client.decryptor ??= lazyDecryptor(encryptionKey);
  return client.decryptor;
}

/**
 * Validates an ID token against `jwks` only (no refetch).
 *
 * @example
 * ```ts
 * const userinfo = await decodedIDToken(client, { idToken, jwks, accessToken });
 * ```
 */
export function decodedIDToken(
  client: ClientContext,
  parameters: IDTokenExpectations & { idToken: string; jwks: JSONWebKeySet },
): Promise<FiefUserInfo> {
  // Only the expectations are passed on: the parameters are the caller's object, with whatever it holds.
  const { idToken, jwks, code, accessToken, nonce, maxAge } = parameters;
  const keys = (algs: string[] | undefined) => staticKeyResolver(jwks, algs);
  return clientIDTokenClaims(client, idToken, keys, { code, accessToken, nonce, maxAge });
}

async function clientIDTokenClaims(
  client: ClientContext,
  idToken: string,
  keys: (advertised: string[] | undefined) => KeyResolver,
  checks: IDTokenExpectations,
): Promise<FiefUserInfo> {
  const { parameters } = client;
  const config = await client.openIDConfiguration();
  return validateIDToken(
    idToken,
    keys(config.id_token_signing_alg_values_supported),
    {
      ...checks,
      issuer: config.issuer,
      clientId: parameters.clientId,
      clockToleranceSeconds: clockTolerance(parameters),
    },
    clientDecryptor(client),
  );
}

/**
 * Checks an access token for `Fief.validateAccessToken`: signature with the cached key set, issuer, audience, times,
 * then scopes, ACR level and permissions.
 *
 * @example
 * ```ts
 * const info = await accessTokenInfo(client, accessToken, ['openid'], undefined, undefined, {});
 * ```
 */
export async function accessTokenInfo(
  client: ClientContext,
  accessToken: string,
  requiredScopes: string[] | undefined,
  requiredACR: FiefACR | undefined,
  requiredPermissions: string[] | undefined,
  options: AccessTokenOptions,
): Promise<FiefAccessTokenInfo> {
  const { parameters } = client;
  const config = await client.openIDConfiguration();
  return validateAccessTokenClaims(
    accessToken,
    cachedKeyResolver(client.jwks, config.id_token_signing_alg_values_supported, true),
    {
      issuer: config.issuer,
      audience: options.audience ?? [parameters.clientId],
      clockToleranceSeconds: clockTolerance(parameters),
      requiredScopes,
      requiredACR,
      requiredPermissions,
    },
  );
}

function clockTolerance(parameters: FiefParameters): number {
  return parameters.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
}
