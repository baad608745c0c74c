/**
 * Random identifiers of tabs and sign-ins (not secrets), on WebCrypto only. The login's secrets (PKCE verifier,
 * `state`, `nonce`) are in `pkce.ts`.
 */

/** A random identifier for a tab or a sign-in (not a secret). */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
