/**
 * Error classes of the Fief client. Every failure is one of these: branch with `instanceof` or on `code`,
 * never on the message. Messages say what was expected and what was found, and never contain a token.
 */

/**
 * Base class of every error thrown by `@fief-spa/core`.
 *
 * @example
 * ```ts
 * try {
 *   await fief.authCallback(code, redirectURI, verifier);
 * } catch (err) {
 *   if (err instanceof FiefError) console.error(err.code, err.message);
 * }
 * ```
 */
export class FiefError extends Error {
  /** Machine-readable code, stable across releases (e.g. `ERR_FIEF_ID_TOKEN_INVALID`). */
  readonly code: string;

  constructor(message: string, code = 'ERR_FIEF', options?: { cause?: unknown }) {
    super(message, options);
    // Subclasses set their own name: class names do not survive minification.
    this.name = 'FiefError';
    this.code = code;
  }
}

/**
 * Codes a {@link FiefRequestError} can carry.
 *
 * @example
 * ```ts
 * if (err instanceof FiefRequestError && err.code === 'ERR_FIEF_NETWORK') showOfflineBanner();
 * ```
 */
export type FiefRequestErrorCode =
  /** The server answered with a non-2xx status. */
  | 'ERR_FIEF_REQUEST'
  /** The request could not be sent or its answer could not be read (network, CORS, abort). */
  | 'ERR_FIEF_NETWORK'
  /** The server answered 2xx, but with a body that is not the JSON document expected. */
  | 'ERR_FIEF_RESPONSE_MALFORMED'
  /** The discovery document names another issuer than `baseURL`. */
  | 'ERR_FIEF_ISSUER_MISMATCH';

/**
 * A request to Fief failed: HTTP error status, network failure, or an answer that is not what the protocol
 * says (non-JSON, truncated JSON, missing fields, discovery issuer mismatch).
 *
 * @example
 * ```ts
 * try {
 *   await fief.authRefreshToken(refreshToken);
 * } catch (err) {
 *   if (err instanceof FiefRequestError && err.error === 'invalid_grant') {
 *     // the refresh token was used or revoked: sign in again
 *   }
 * }
 * ```
 */
export class FiefRequestError extends FiefError {
  declare readonly code: FiefRequestErrorCode;
  /** HTTP status of the answer; `0` when no answer was received. */
  readonly status: number;
  /** OAuth `error` (RFC 6749 §5.2), or the Fief API `detail` string, when the server sent one. */
  readonly error: string | undefined;
  /** OAuth `error_description`, when the server sent one. */
  readonly errorDescription: string | undefined;
  /** Short description of the failure (kept for compatibility with the original client). */
  readonly detail: string;

  constructor(
    message: string,
    init: {
      code?: FiefRequestErrorCode;
      status: number;
      error?: string | undefined;
      errorDescription?: string | undefined;
      cause?: unknown;
    },
  ) {
    super(message, init.code ?? 'ERR_FIEF_REQUEST', { cause: init.cause });
    this.name = 'FiefRequestError';
    this.status = init.status;
    this.error = init.error;
    this.errorDescription = init.errorDescription;
    this.detail = init.errorDescription ?? init.error ?? message;
  }
}

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
  | 'decrypt'
  | 'alg'
  | 'kid'
  | 'signature'
  | 'iss'
  | 'aud'
  | 'azp'
  | 'exp'
  | 'iat'
  | 'sub'
  | 'nonce'
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
      `expected scopes [${missingScopes.join(' ')}] in the access token, found [${grantedScopes.join(' ')}]`,
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
      `expected permissions [${missingPermissions.join(' ')}] in the access token, found [${grantedPermissions.join(' ')}]`,
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
    super(`expected acr ${required} or higher, found ${actual}`, 'ERR_FIEF_ACCESS_TOKEN_ACR_TOO_LOW');
    this.name = 'FiefAccessTokenACRTooLow';
    this.required = required;
    this.actual = actual;
  }
}
