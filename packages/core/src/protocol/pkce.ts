/**
 * PKCE (RFC 7636), `state` and `nonce` values, on WebCrypto only: browsers, Node 20 and workers. Only a login start
 * needs them: they are in the chunks loaded on demand (the identifiers of tabs and sign-ins are in `crypto.ts`).
 */
import { encodeBase64url } from './base64url.js';

const randomBase64url = (byteLength: number): string =>
  encodeBase64url(crypto.getRandomValues(new Uint8Array(byteLength)));

/**
 * Generates a PKCE code verifier (RFC 7636 §4.1): 32 random bytes as base64url, 43 characters.
 *
 * @example
 * ```ts
 * const verifier = generateCodeVerifier();
 * const challenge = await getCodeChallenge(verifier, 'S256');
 * ```
 */
export function generateCodeVerifier(): string {
  return randomBase64url(32);
}

/**
 * Derives the PKCE code challenge of a verifier (RFC 7636 §4.2). `S256` (the default) is
 * `BASE64URL(SHA-256(ASCII(verifier)))`; `plain` is the verifier itself.
 *
 * @example
 * ```ts
 * const challenge = await getCodeChallenge(generateCodeVerifier(), 'S256');
 * const url = await fief.getAuthURL({ redirectURI, codeChallenge: challenge, codeChallengeMethod: 'S256' });
 * ```
 */
export async function getCodeChallenge(verifier: string, method: 'S256' | 'plain' = 'S256'): Promise<string> {
  if (method === 'plain') return verifier;
  if (method !== 'S256') throw new TypeError(`expected code challenge method S256 or plain, found ${method}`);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return encodeBase64url(new Uint8Array(digest));
}

/**
 * Generates an unguessable OAuth `state` value (32 random bytes, base64url).
 *
 * @example
 * ```ts
 * const state = generateState();
 * const url = await fief.getAuthURL({ redirectURI, state });
 * ```
 */
export function generateState(): string {
  return randomBase64url(32);
}

/**
 * Generates an unguessable OpenID Connect `nonce` (32 random bytes, base64url). Send it with
 * `getAuthURL({ nonce })` and give it back to `authCallback(..., { nonce })`.
 *
 * @example
 * ```ts
 * const nonce = generateNonce();
 * const url = await fief.getAuthURL({ redirectURI, nonce });
 * ```
 */
export function generateNonce(): string {
  return randomBase64url(32);
}
