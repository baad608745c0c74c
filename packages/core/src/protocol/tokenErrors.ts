/**
 * Error classes of token validation (ID tokens and access tokens). They live apart from `errors.ts` so that a
 * bundler that splits after tree-shaking (Rollup, Vite) can leave them in the chunk that throws them (`protocolFlows.ts`)
 * when the app never names them; `index.ts` exports them all the same.
 */
import { FiefError } from './errors.js';
import { describe } from './json.js';

/**
 * Which rule an ID token broke.
 *
 * @example
 * ```ts
 * const reason: FiefIdTokenInvalidReason = err instanceof FiefIdTokenInvalid ? err.reason : 'malformed';
 * ```
 */
export type FiefIdTokenInvalidReason =
  | 'malformed'
  | 'encryption'
  | 'decrypt'
  | 'kind'
  | 'alg'
  | 'kid'
  | 'signature'
  | 'iss'
  | 'aud'
  | 'azp'
  | 'exp'
  | 'iat'
  | 'nbf'
  | 'sub'
  | 'nonce'
  | 'auth_time'
  | 'at_hash'
  | 'c_hash';

/**
 * The ID token failed validation (OpenID Connect Core 1.0 §3.1.3.7). `reason` names the rule.
 *
 * @example
 * ```ts
 * try {
 *   await fief.authCallback(code, redirectURI, verifier, undefined, { nonce });
 * } catch (err) {
 *   if (err instanceof FiefIdTokenInvalid && err.reason === 'nonce') {
 *     // replayed or injected authorization response
 *   }
 * }
 * ```
 */
export class FiefIdTokenInvalid extends FiefError {
  /** The rule that failed. */
  readonly reason: FiefIdTokenInvalidReason;

  constructor(reason: FiefIdTokenInvalidReason, message: string, options?: { cause?: unknown }) {
    super(message, 'ERR_FIEF_ID_TOKEN_INVALID', options);
    this.name = 'FiefIdTokenInvalid';
    this.reason = reason;
  }
}

/**
 * Which rule an access token broke.
 *
 * @example
 * ```ts
 * if (err instanceof FiefAccessTokenInvalid && err.reason === 'signature') reportForgery();
 * ```
 */
export type FiefAccessTokenInvalidReason =
  | 'malformed'
  | 'alg'
  | 'kid'
  | 'signature'
  | 'iss'
  | 'aud'
  | 'nbf'
  | 'iat'
  | 'sub'
  | 'exp'
  | 'scope'
  | 'acr'
  | 'permissions';

/**
 * The access token is not a valid Fief access token (bad signature, foreign issuer, malformed claims).
 *
 * @example
 * ```ts
 * try {
 *   await fief.validateAccessToken(accessToken);
 * } catch (err) {
 *   if (err instanceof FiefAccessTokenInvalid) console.error('invalid token:', err.reason);
 * }
 * ```
 */
export class FiefAccessTokenInvalid extends FiefError {
  /** The rule that failed. */
  readonly reason: FiefAccessTokenInvalidReason;

  constructor(reason: FiefAccessTokenInvalidReason, message: string, options?: { cause?: unknown }) {
    super(message, 'ERR_FIEF_ACCESS_TOKEN_INVALID', options);
    this.name = 'FiefAccessTokenInvalid';
    this.reason = reason;
  }
}

/**
 * The access token is well signed but expired (`exp` is past, beyond the clock tolerance).
 *
 * @example
 * ```ts
 * try {
 *   await fief.validateAccessToken(accessToken);
 * } catch (err) {
 *   if (err instanceof FiefAccessTokenExpired) await refresh();
 * }
 * ```
 */
export class FiefAccessTokenExpired extends FiefError {
  constructor(message: string) {
    super(message, 'ERR_FIEF_ACCESS_TOKEN_EXPIRED');
    this.name = 'FiefAccessTokenExpired';
  }
}

/**
 * The access token lacks scopes that were required.
 *
 * @example
 * ```ts
 * try {
 *   await fief.validateAccessToken(accessToken, ['openid', 'castles:read']);
 * } catch (err) {
 *   if (err instanceof FiefAccessTokenMissingScope) console.error('missing', err.missingScopes);
 * }
 * ```
 */
export class FiefAccessTokenMissingScope extends FiefError {
  /** The required scopes that the token does not have. */
  readonly missingScopes: string[];

  constructor(missingScopes: string[], grantedScopes: string[] = []) {
    super(
      `expected scopes ${describe(missingScopes)} in the access token, found ${describe(grantedScopes)}`,
      'ERR_FIEF_ACCESS_TOKEN_MISSING_SCOPE',
    );
    this.name = 'FiefAccessTokenMissingScope';
    this.missingScopes = missingScopes;
  }
}

/**
 * The access token lacks permissions that were required.
 *
 * @example
 * ```ts
 * try {
 *   await fief.validateAccessToken(accessToken, undefined, undefined, ['castles:delete']);
 * } catch (err) {
 *   if (err instanceof FiefAccessTokenMissingPermission) console.error('missing', err.missingPermissions);
 * }
 * ```
 */
export class FiefAccessTokenMissingPermission extends FiefError {
  /** The required permissions that the token does not have. */
  readonly missingPermissions: string[];

  constructor(missingPermissions: string[], grantedPermissions: string[] = []) {
    super(
      `expected permissions ${describe(missingPermissions)} in the access token, found ${describe(grantedPermissions)}`,
      'ERR_FIEF_ACCESS_TOKEN_MISSING_PERMISSION',
    );
    this.name = 'FiefAccessTokenMissingPermission';
    this.missingPermissions = missingPermissions;
  }
}

/**
 * The access token's authentication level (`acr`) is below the one required: ask the user to sign in again.
 *
 * @example
 * ```ts
 * import { FiefACR, FiefAccessTokenACRTooLow } from '@fief-spa/core';
 *
 * try {
 *   await fief.validateAccessToken(accessToken, undefined, FiefACR.LEVEL_ONE);
 * } catch (err) {
 *   if (err instanceof FiefAccessTokenACRTooLow) console.error(`need ${err.required}, have ${err.actual}`);
 * }
 * ```
 */
export class FiefAccessTokenACRTooLow extends FiefError {
  /** The minimum level that was required. */
  readonly required: string;
  /** The level the token carries. */
  readonly actual: string;

  constructor(required: string, actual: string) {
    super(
      `expected acr ${describe(required)} or higher, found ${describe(actual)}`,
      'ERR_FIEF_ACCESS_TOKEN_ACR_TOO_LOW',
    );
    this.name = 'FiefAccessTokenACRTooLow';
    this.required = required;
    this.actual = actual;
  }
}
