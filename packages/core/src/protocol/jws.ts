/**
 * Verification of compact JWS (RFC 7515) with WebCrypto, restricted to an allowlist of asymmetric algorithms
 * (RFC 7518 §3). Never `none`, never HMAC: a token signed with a public key as an HMAC secret (algorithm
 * confusion) or unsigned is rejected before any key is looked at.
 */
import { decodeBase64url } from './base64url.js';
import { describe, type JSONObject, parseJSONObject } from './json.js';

/** The signature algorithms accepted for ID and access tokens. */
export const SIGNING_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

/** One of {@link SIGNING_ALGORITHMS}. */
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** The protected header of a JWS whose `alg` passed the allowlist. */
export interface JWSHeader extends JSONObject {
  alg: SigningAlgorithm;
  kid?: string;
}

/** What an algorithm needs: the key type it verifies with and the WebCrypto parameters. */
export interface AlgorithmSpec {
  kty: 'RSA' | 'EC' | 'OKP';
  crv?: string;
  /** The SHA-2 function of the algorithm; also the one `at_hash` and `c_hash` use (OIDC Core §3.1.3.6). */
  hash: 'SHA-256' | 'SHA-384' | 'SHA-512';
  importParams: RsaHashedImportParams | EcKeyImportParams | Algorithm;
  verifyParams: Algorithm | RsaPssParams | EcdsaParams;
}

/** The WebCrypto parameters of an allowlisted algorithm. */
export function algorithmSpec(alg: SigningAlgorithm): AlgorithmSpec {
  if (alg === 'EdDSA') {
    // RFC 8037; Ed25519 only. OIDC hashes for Ed25519 use SHA-512.
    return {
      kty: 'OKP',
      crv: 'Ed25519',
      hash: 'SHA-512',
      importParams: { name: 'Ed25519' },
      verifyParams: { name: 'Ed25519' },
    };
  }
  const bits = Number(alg.slice(2)) as 256 | 384 | 512;
  const hash = `SHA-${bits}` as const;
  switch (alg.slice(0, 2)) {
    case 'RS':
      return {
        kty: 'RSA',
        hash,
        importParams: { name: 'RSASSA-PKCS1-v1_5', hash },
        verifyParams: { name: 'RSASSA-PKCS1-v1_5' },
      };
    case 'PS':
      return {
        kty: 'RSA',
        hash,
        importParams: { name: 'RSA-PSS', hash },
        verifyParams: { name: 'RSA-PSS', saltLength: bits / 8 },
      };
    default: {
      const crv = bits === 512 ? 'P-521' : `P-${bits}`;
      return {
        kty: 'EC',
        crv,
        hash,
        importParams: { name: 'ECDSA', namedCurve: crv },
        verifyParams: { name: 'ECDSA', hash },
      };
    }
  }
}

/** Resolves the keys of the JWKS that may have signed a token with `header` (refetching once if none). */
export type KeyResolver = (header: JWSHeader) => Promise<JSONObject[]>;

/** Builds the caller's error (ID token or access token flavour) for a failed rule. */
export type InvalidTokenFactory = (
  reason: 'malformed' | 'alg' | 'kid' | 'signature',
  message: string,
  cause?: unknown,
) => Error;

/** The public members of a JWK, and nothing else (no `d`, no `key_ops`/`ext` to trip WebCrypto). */
function publicJWK(jwk: JSONObject, spec: AlgorithmSpec): JsonWebKey {
  const pick = (...names: string[]): JsonWebKey =>
    Object.fromEntries([['kty', spec.kty], ...names.map((name) => [name, jwk[name]])]);
  return spec.kty === 'RSA' ? pick('n', 'e') : spec.kty === 'EC' ? pick('crv', 'x', 'y') : pick('crv', 'x');
}

/**
 * Verifies a compact JWS and returns its header and JSON payload. Only signature and structure are checked
 * here; claims are the caller's job.
 */
export async function verifyJWS(
  token: string,
  resolveKeys: KeyResolver,
  invalid: InvalidTokenFactory,
): Promise<{ header: JWSHeader; payload: JSONObject }> {
  const parts = token.split('.');
  if (parts.length !== 3)
    throw invalid('malformed', `expected a compact JWS of 3 parts, found ${parts.length} parts`);
  const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];

  const header = decodeJSON(encodedHeader);
  if (header === undefined)
    throw invalid('malformed', 'expected the JWS header to be a base64url JSON object');
  // RFC 7515 §4.1.11: extensions we do not understand (e.g. `b64`) must make the JWS invalid.
  if (header.crit !== undefined)
    throw invalid('malformed', `expected no crit header, found ${describe(header.crit)}`);
  // RFC 8725 §3.1: the algorithm comes from our allowlist, never from the token alone.
  if (!(SIGNING_ALGORITHMS as readonly unknown[]).includes(header.alg)) {
    throw invalid('alg', `expected alg in ${SIGNING_ALGORITHMS.join(', ')}, found ${describe(header.alg)}`);
  }
  if (header.kid !== undefined && typeof header.kid !== 'string') {
    throw invalid('malformed', `expected kid to be a string, found ${describe(header.kid)}`);
  }
  const jwsHeader = header as JWSHeader;
  const spec = algorithmSpec(jwsHeader.alg);
  // Canonical base64url only: the signature is the one segment the signing input does not cover, so a text that
  // decodes to the same bytes (another last character) would otherwise verify as the original.
  let signature: Uint8Array;
  try {
    signature = decodeBase64url(encodedSignature);
  } catch (cause) {
    throw invalid('malformed', 'expected the JWS signature in canonical base64url', cause);
  }

  const candidates = await resolveKeys(jwsHeader);
  const [jwk] = candidates;
  if (jwk === undefined || candidates.length > 1) {
    throw invalid(
      'kid',
      `expected one ${jwsHeader.alg} key for kid ${describe(jwsHeader.kid)} in the JWKS, found ${candidates.length}`,
    );
  }

  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('jwk', publicJWK(jwk, spec), spec.importParams, false, ['verify']);
  } catch (cause) {
    throw invalid('kid', `expected a usable ${jwsHeader.alg} key, found an unusable one`, cause);
  }
  // RFC 7518 §3.3 / §3.5: RSA keys of 2048 bits or more.
  if (spec.kty === 'RSA' && (key.algorithm as RsaHashedKeyAlgorithm).modulusLength < 2048) {
    throw invalid(
      'kid',
      `expected an RSA key of at least 2048 bits, found ${(key.algorithm as RsaHashedKeyAlgorithm).modulusLength}`,
    );
  }
  const signingInput = new TextEncoder().encode(`${encodedHeader}.${encodedPayload}`);
  const valid = await crypto.subtle.verify(spec.verifyParams, key, signature as BufferSource, signingInput);
  if (!valid) throw invalid('signature', `expected a valid ${jwsHeader.alg} signature, found an invalid one`);

  const payload = decodeJSON(encodedPayload);
  if (payload === undefined)
    throw invalid('malformed', 'expected the JWS payload to be a base64url JSON object');
  return { header: jwsHeader, payload };
}

/** base64url -> UTF-8 -> JSON object, or `undefined`. */
function decodeJSON(encoded: string): JSONObject | undefined {
  try {
    return parseJSONObject(new TextDecoder('utf-8', { fatal: true }).decode(decodeBase64url(encoded)));
  } catch {
    return undefined;
  }
}
