/**
 * ID token validation, OpenID Connect Core 1.0 §3.1.3.7, one function per rule. The numbers in comments are the
 * steps of that section. The signature (steps 6-8) is checked first so that no claim of an unverified token is
 * ever read; then the claims follow in the order of the section.
 */
import { encodeBase64url } from './base64url.js';
import { FiefError } from './errors.js';
import { describe, type JSONObject } from './json.js';
import type { Decryptor } from './jwe.js';
import { algorithmSpec, type JWSHeader, type KeyResolver, verifyJWS } from './jws.js';
import { isNumericDate } from './numericDate.js';
import { FiefIdTokenInvalid } from './tokenErrors.js';
import type { FiefUserInfo } from './types.js';

/**
 * What the ID token is checked against. A check whose expected value is `undefined` is skipped only where the
 * spec allows it (`nonce` when none was sent); `at_hash`/`c_hash` present without the value they hash fail.
 */
export interface IDTokenChecks {
  /** The discovered issuer, compared exactly. */
  issuer: string;
  /** Our `client_id`. */
  clientId: string;
  /** The `nonce` sent in the authorization request, if one was. */
  nonce?: string | undefined;
  /** The authorization code the token came with, for `c_hash`. */
  code?: string | undefined;
  /** The access token the ID token came with, for `at_hash`. */
  accessToken?: string | undefined;
  /** The `max_age` sent in the authorization request, seconds, if one was: `auth_time` must be within it. */
  maxAge?: number | undefined;
  /** Allowed clock difference, seconds. */
  clockToleranceSeconds: number;
}

type Claims = JSONObject;
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

// (1) If the ID Token is encrypted, decrypt it using the keys and algorithms the Client specified.
// A client that registered an encryption key expects every ID token encrypted: a plain JWS is refused, so that a
// token meant for a client without encryption cannot be replayed to this one.
async function decryptIfEncrypted(idToken: string, decrypt: Decryptor | undefined): Promise<string> {
  if (idToken.split('.').length !== 5) {
    if (decrypt !== undefined) {
      throw new FiefIdTokenInvalid('encryption', 'expected a JWE (encryptionKey is set), found a JWS');
    }
    return idToken;
  }
  if (decrypt === undefined) {
    throw new FiefIdTokenInvalid('decrypt', 'expected a JWS or an encryptionKey, found a JWE');
  }
  try {
    return await decrypt(idToken);
  } catch (cause) {
    // Not the token's fault: the JWE module did not load (reload the page), or the key is not one.
    if (cause instanceof FiefError && /^ERR_FIEF_(CHUNK_LOAD|ENCRYPTION_KEY)$/.test(cause.code)) throw cause;
    throw new FiefIdTokenInvalid('decrypt', 'expected a JWE that encryptionKey decrypts, found another', {
      cause,
    });
  }
}

// (2) The Issuer Identifier MUST exactly match the value of the iss Claim.
function checkIssuer(claims: Claims, { issuer }: IDTokenChecks): void {
  if (claims.iss !== issuer)
    throw new FiefIdTokenInvalid('iss', `expected iss ${describe(issuer)}, found ${describe(claims.iss)}`);
}

// (3) The aud Claim MUST contain the client_id as an audience.
function checkAudience(claims: Claims, { clientId }: IDTokenChecks): void {
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(clientId)) {
    throw new FiefIdTokenInvalid(
      'aud',
      `expected aud to contain ${describe(clientId)}, found ${describe(claims.aud)}`,
    );
  }
}

// (4) With several audiences, azp must be present. (5) If azp is present, it must be our client_id.
function checkAuthorizedParty(claims: Claims, { clientId }: IDTokenChecks): void {
  if (claims.azp === undefined && Array.isArray(claims.aud) && claims.aud.length > 1) {
    throw new FiefIdTokenInvalid(
      'azp',
      `expected azp ${describe(clientId)} with several audiences, found nothing`,
    );
  }
  if (claims.azp !== undefined && claims.azp !== clientId) {
    throw new FiefIdTokenInvalid('azp', `expected azp ${describe(clientId)}, found ${describe(claims.azp)}`);
  }
}

// (9) The current time MUST be before the time represented by the exp Claim (with some leeway for clock skew).
function checkExpiration(claims: Claims, { clockToleranceSeconds }: IDTokenChecks): void {
  const now = nowSeconds();
  if (!isNumericDate(claims.exp)) {
    throw new FiefIdTokenInvalid('exp', `expected exp to be a NumericDate, found ${describe(claims.exp)}`);
  }
  if (now >= claims.exp + clockToleranceSeconds) {
    throw new FiefIdTokenInvalid(
      'exp',
      `expected exp after ${now - clockToleranceSeconds}, found ${claims.exp}`,
    );
  }
}

// (10) iat is required (Core §2) and must not be in the future beyond the clock tolerance.
function checkIssuedAt(claims: Claims, { clockToleranceSeconds }: IDTokenChecks): void {
  const now = nowSeconds();
  if (!isNumericDate(claims.iat)) {
    throw new FiefIdTokenInvalid('iat', `expected iat to be a NumericDate, found ${describe(claims.iat)}`);
  }
  if (claims.iat > now + clockToleranceSeconds) {
    throw new FiefIdTokenInvalid(
      'iat',
      `expected iat before ${now + clockToleranceSeconds}, found ${claims.iat}`,
    );
  }
}

// RFC 7519 §4.1.5: the token must not be used before nbf, when present (with the clock tolerance).
function checkNotBefore(claims: Claims, { clockToleranceSeconds }: IDTokenChecks): void {
  if (claims.nbf === undefined) return;
  const now = nowSeconds();
  if (!isNumericDate(claims.nbf) || claims.nbf > now + clockToleranceSeconds) {
    throw new FiefIdTokenInvalid(
      'nbf',
      `expected nbf before ${now + clockToleranceSeconds}, found ${describe(claims.nbf)}`,
    );
  }
}

// (11) If a nonce was sent in the Authentication Request, a nonce Claim MUST be present and equal to it.
function checkNonce(claims: Claims, { nonce }: IDTokenChecks): void {
  if (nonce === undefined) return;
  if (claims.nonce === undefined) {
    throw new FiefIdTokenInvalid('nonce', 'expected the nonce that was sent, found none');
  }
  if (claims.nonce !== nonce) {
    throw new FiefIdTokenInvalid('nonce', 'expected the nonce that was sent, found another');
  }
}

// (13) When max_age was requested, auth_time is required and the sign-in must be no older than max_age.
function checkAuthTime(claims: Claims, { maxAge, clockToleranceSeconds }: IDTokenChecks): void {
  if (maxAge === undefined) return;
  if (!isNumericDate(claims.auth_time)) {
    throw new FiefIdTokenInvalid(
      'auth_time',
      `expected auth_time with max_age ${maxAge}, found ${describe(claims.auth_time)}`,
    );
  }
  const oldest = nowSeconds() - maxAge - clockToleranceSeconds;
  if (claims.auth_time < oldest) {
    throw new FiefIdTokenInvalid(
      'auth_time',
      `expected auth_time after ${oldest} (max_age ${maxAge}), found ${claims.auth_time}`,
    );
  }
}

// Token kind: Fief's access tokens always carry `scope` and `permissions` and its ID tokens never do; RFC 9068 §2.1
// access tokens may say `typ: at+jwt`. An access token must never pass for an ID token, even signed by the same key.
function checkIsIDToken(claims: Claims, header: JWSHeader): void {
  const typ = typeof header.typ === 'string' ? header.typ.toLowerCase() : undefined;
  if (typ === 'at+jwt' || typ === 'application/at+jwt' || 'scope' in claims || 'permissions' in claims) {
    throw new FiefIdTokenInvalid('kind', 'expected an ID token, found an access token');
  }
}

// Core §2: sub is REQUIRED, a non-empty string.
function checkSubject(claims: Claims): void {
  if (typeof claims.sub !== 'string' || claims.sub === '') {
    throw new FiefIdTokenInvalid(
      'sub',
      `expected sub to be a non-empty string, found ${describe(claims.sub)}`,
    );
  }
}

/**
 * Core §3.1.3.6 / §3.3.2.11: base64url of the left half of the hash of the ASCII value, with the SHA-2 function
 * of the ID token's `alg`.
 */
export async function halfHash(value: string, hash: 'SHA-256' | 'SHA-384' | 'SHA-512'): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest(hash, new TextEncoder().encode(value)));
  return encodeBase64url(digest.subarray(0, digest.length / 2));
}

// Core §3.2.2.9 (at_hash) and §3.3.2.11 (c_hash): when present, they must match the access token / the code.
async function checkHash(
  claims: Claims,
  header: JWSHeader,
  claim: 'at_hash' | 'c_hash',
  value: string | undefined,
): Promise<void> {
  if (claims[claim] === undefined) return;
  const what = claim === 'at_hash' ? 'the access token' : 'the authorization code';
  if (value === undefined) {
    throw new FiefIdTokenInvalid(claim, `expected ${what} to check ${claim}, found none`);
  }
  if (claims[claim] !== (await halfHash(value, algorithmSpec(header.alg).hash))) {
    throw new FiefIdTokenInvalid(claim, `expected ${claim} of ${what}, found another`);
  }
}

/**
 * Validates an ID token (decrypting it first if it is a JWE) and returns its claims.
 *
 * @throws FiefIdTokenInvalid with the `reason` of the first rule that fails.
 */
export async function validateIDToken(
  idToken: string,
  resolveKeys: KeyResolver,
  checks: IDTokenChecks,
  decrypt?: Decryptor,
): Promise<FiefUserInfo> {
  const jws = await decryptIfEncrypted(idToken, decrypt);
  // (6) signature with the keys of the issuer, (7) alg from our allowlist, (8) never HMAC.
  const { header, payload: claims } = await verifyJWS(
    jws,
    resolveKeys,
    (reason, message, cause) => new FiefIdTokenInvalid(reason, message, { cause }),
  );
  checkIsIDToken(claims, header);
  checkIssuer(claims, checks);
  checkAudience(claims, checks);
  checkAuthorizedParty(claims, checks);
  checkExpiration(claims, checks);
  checkIssuedAt(claims, checks);
  checkNotBefore(claims, checks);
  checkNonce(claims, checks);
  checkAuthTime(claims, checks);
  checkSubject(claims);
  await checkHash(claims, header, 'at_hash', checks.accessToken);
  await checkHash(claims, header, 'c_hash', checks.code);
  return claims as FiefUserInfo;
}
