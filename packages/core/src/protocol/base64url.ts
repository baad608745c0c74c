/** base64url without padding (RFC 4648 §5), as JOSE and PKCE use it. Works wherever `atob`/`btoa` exist. */

/** Encodes bytes as unpadded base64url. */
export function encodeBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Decodes canonical unpadded base64url; throws `TypeError` on anything else (padding, `+`, `/`, whitespace, and
 * a last character whose unused bits are not zero). Canonical only: one byte string has one text, so a token whose
 * text was altered can never verify as the original.
 */
export function decodeBase64url(input: string): Uint8Array {
  if (!/^[\w-]*$/.test(input) || input.length % 4 === 1) throw new TypeError('invalid base64url');
  const binary = atob(input.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  if (encodeBase64url(bytes) !== input) throw new TypeError('invalid base64url: non-canonical');
  return bytes;
}
