/**
 * The rules by which `verifyJWS` refuses, on purpose, tokens that jose's `compactVerify` accepts (the list in the
 * package README, "Stricter than jose, on purpose"). Each is a predicate over the token and key set alone, not
 * over our error: a disagreement that none of them explains fails the differential test.
 */
import { decodeBase64url } from '../base64url.js';
import { parseJSONObject } from '../json.js';
import { defaultRSAAlgorithm } from '../jwkSelection.js';
import type { BuiltCase } from './jwsCases.js';

/** Decodes base64url as leniently as jose does on Node 20 (`atob`: padding, whitespace, non-zero unused bits). */
function lenientBytes(segment: string): Uint8Array | undefined {
  try {
    if (/[+/]/.test(segment)) return undefined;
    const binary = atob(segment.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function lenientJSONObject(segment: string | undefined): Record<string, unknown> | undefined {
  const bytes = segment === undefined ? undefined : lenientBytes(segment);
  if (bytes === undefined) return undefined;
  try {
    return parseJSONObject(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

const canonical = (segment: string) => {
  try {
    decodeBase64url(segment);
    return true;
  } catch {
    return false;
  }
};

/** A rule of the list: its name (as in the README), the reason we refuse with, and whether it applies. */
export interface StricterRule {
  name: string;
  reason: 'malformed' | 'kid';
  applies: (built: BuiltCase) => boolean;
}

export const STRICTER_THAN_JOSE: StricterRule[] = [
  {
    // One byte string, one text: jose decodes with `atob`, which also takes padding, whitespace and a last
    // character with non-zero unused bits, so the signature's text (not covered by the signature) can change.
    name: 'every segment is canonical unpadded base64url',
    reason: 'malformed',
    applies: ({ token }) => !token.split('.').every(canonical),
  },
  {
    // RFC 7515 §4.1.11 lets a verifier refuse what it does not implement: we implement no extension, so any
    // `crit` (even jose's one, RFC 7797 `b64`) refuses the token.
    name: 'a crit header is refused, whatever it lists',
    reason: 'malformed',
    applies: ({ token }) => lenientJSONObject(token.split('.')[0])?.crit !== undefined,
  },
  {
    // compactVerify returns the payload as bytes; we return claims, so the payload must be a UTF-8 JSON object.
    name: 'the payload is a UTF-8 JSON object',
    reason: 'malformed',
    applies: ({ token }) => lenientJSONObject(token.split('.')[1]) === undefined,
  },
  {
    // One key, one algorithm: jose lets an RSA key without `alg` verify every RS* and PS* algorithm; we let it
    // verify only the default RSA algorithm (discovery's first, else RS256).
    name: 'an RSA key without alg verifies only the default RSA algorithm',
    reason: 'kid',
    applies: ({ token, jwks, advertised }) => {
      const header = lenientJSONObject(token.split('.')[0]);
      const alg = header?.alg;
      return (
        typeof alg === 'string' &&
        /^(RS|PS)(256|384|512)$/.test(alg) &&
        alg !== defaultRSAAlgorithm(advertised) &&
        jwks.keys.some((key) => key.kty === 'RSA' && key.alg === undefined)
      );
    },
  },
];
