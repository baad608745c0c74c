/**
 * Validation of Fief access tokens (RS256 JWTs with `scope`, `acr` and `permissions`) for APIs and UIs that
 * need to know what a token grants.
 */
import { acrSatisfies, type FiefACR, isFiefACR } from './acr.js';
import { describe, isStringArray } from './json.js';
import { type KeyResolver, verifyJWS } from './jws.js';
import { isNumericDate } from './numericDate.js';
import {
  FiefAccessTokenACRTooLow,
  FiefAccessTokenExpired,
  FiefAccessTokenInvalid,
  FiefAccessTokenMissingPermission,
  FiefAccessTokenMissingScope,
} from './tokenErrors.js';
import type { FiefAccessTokenInfo } from './types.js';

/** What the access token must satisfy. */
export interface AccessTokenChecks {
  /** The discovered issuer, compared exactly. */
  issuer: string;
  /** Allowed clock difference, seconds. */
  clockToleranceSeconds: number;
  /** Values of which `aud` must contain at least one (Fief: the client id). */
  audience: readonly string[];
  requiredScopes?: string[] | undefined;
  requiredACR?: FiefACR | undefined;
  requiredPermissions?: string[] | undefined;
}

/**
 * Verifies the signature and claims of an access token, then the required scopes, ACR and permissions.
 *
 * @throws FiefAccessTokenInvalid (with `reason`), FiefAccessTokenExpired, FiefAccessTokenMissingScope,
 *   FiefAccessTokenACRTooLow, FiefAccessTokenMissingPermission.
 */
export async function validateAccessTokenClaims(
  accessToken: string,
  resolveKeys: KeyResolver,
  checks: AccessTokenChecks,
): Promise<FiefAccessTokenInfo> {
  checkArguments(checks);
  const { payload: claims } = await verifyJWS(
    accessToken,
    resolveKeys,
    (reason, message, cause) => new FiefAccessTokenInvalid(reason, message, { cause }),
  );

  // RFC 9068 §4: iss must be the issuer we trust.
  if (claims.iss !== checks.issuer) {
    throw new FiefAccessTokenInvalid(
      'iss',
      `expected iss ${describe(checks.issuer)}, found ${describe(claims.iss)}`,
    );
  }
  checkAudience(claims.aud, checks.audience);
  // RFC 9068 §4 / RFC 7519 §4.1.4: reject once exp is past.
  const now = Math.floor(Date.now() / 1000);
  if (!isNumericDate(claims.exp)) {
    throw new FiefAccessTokenInvalid(
      'exp',
      `expected exp to be a NumericDate, found ${describe(claims.exp)}`,
    );
  }
  if (now >= claims.exp + checks.clockToleranceSeconds) {
    throw new FiefAccessTokenExpired(
      `expected exp after ${now - checks.clockToleranceSeconds}, found ${claims.exp}`,
    );
  }
  checkNotBefore(claims.nbf, now, checks.clockToleranceSeconds);
  checkIssuedAt(claims.iat, now, checks.clockToleranceSeconds);
  if (typeof claims.sub !== 'string' || claims.sub === '') {
    throw new FiefAccessTokenInvalid(
      'sub',
      `expected sub to be a non-empty string, found ${describe(claims.sub)}`,
    );
  }
  if (typeof claims.scope !== 'string') {
    throw new FiefAccessTokenInvalid(
      'scope',
      `expected scope to be a string, found ${describe(claims.scope)}`,
    );
  }
  if (!isFiefACR(claims.acr)) {
    throw new FiefAccessTokenInvalid('acr', `expected acr "0" or "1", found ${describe(claims.acr)}`);
  }
  if (!isStringArray(claims.permissions)) {
    throw new FiefAccessTokenInvalid(
      'permissions',
      `expected permissions to be an array of strings, found ${describe(claims.permissions)}`,
    );
  }
  const scope = claims.scope.split(' ').filter(Boolean);
  const { acr, permissions } = claims;

  const missingScopes = (checks.requiredScopes ?? []).filter((required) => !scope.includes(required));
  if (missingScopes.length > 0) throw new FiefAccessTokenMissingScope(missingScopes, scope);
  if (checks.requiredACR !== undefined && !acrSatisfies(acr, checks.requiredACR)) {
    throw new FiefAccessTokenACRTooLow(checks.requiredACR, acr);
  }
  const missingPermissions = (checks.requiredPermissions ?? []).filter(
    (required) => !permissions.includes(required),
  );
  if (missingPermissions.length > 0)
    throw new FiefAccessTokenMissingPermission(missingPermissions, permissions);

  return { id: claims.sub, scope, acr, permissions, access_token: accessToken };
}

/**
 * The caller's checks, often read from configuration by code no type checker saw: a wrong shape is a programming
 * error, told at once. Never a check that means something else: a string's `includes` matches any part of it, so an
 * audience given as a string would accept tokens issued to any client whose id is part of it.
 */
function checkArguments({
  audience,
  requiredScopes,
  requiredACR,
  requiredPermissions,
}: AccessTokenChecks): void {
  if (!isStringArray(audience) || audience.length === 0 || audience.includes('')) {
    throw new TypeError(`expected audience to be an array of non-empty strings, found ${describe(audience)}`);
  }
  for (const [name, value] of [
    ['requiredScopes', requiredScopes],
    ['requiredPermissions', requiredPermissions],
  ] as const) {
    if (value !== undefined && !isStringArray(value))
      throw new TypeError(`expected ${name} to be an array of strings, found ${describe(value)}`);
  }
  if (requiredACR !== undefined && !isFiefACR(requiredACR)) {
    throw new TypeError(`expected requiredACR "0" or "1", found ${describe(requiredACR)}`);
  }
}

/** RFC 9068 §4 / RFC 7519 §4.1.3: the token must be meant for us (Fief puts the client id in `aud`). */
function checkAudience(aud: unknown, audience: readonly string[]): void {
  const values = typeof aud === 'string' ? [aud] : isStringArray(aud) ? aud : null;
  if (values === null || !values.some((value) => audience.includes(value))) {
    throw new FiefAccessTokenInvalid(
      'aud',
      `expected aud to contain one of ${describe(audience)}, found ${describe(aud)}`,
    );
  }
}

/** RFC 7519 §4.1.5: a token is not accepted before its `nbf` (when present). */
function checkNotBefore(nbf: unknown, now: number, tolerance: number): void {
  if (nbf === undefined) return;
  if (!isNumericDate(nbf) || nbf > now + tolerance) {
    throw new FiefAccessTokenInvalid('nbf', `expected nbf before ${now + tolerance}, found ${describe(nbf)}`);
  }
}

/** RFC 9068 §2.2: `iat` is required, and a token issued in the future is refused. */
function checkIssuedAt(iat: unknown, now: number, tolerance: number): void {
  if (!isNumericDate(iat) || iat > now + tolerance) {
    throw new FiefAccessTokenInvalid('iat', `expected iat before ${now + tolerance}, found ${describe(iat)}`);
  }
}
