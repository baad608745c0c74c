/**
 * Decryption of encrypted ID tokens (compact JWE, RFC 7516). This module is only ever loaded with a dynamic
 * `import('./jwe.js')` when an `encryptionKey` is configured, so bundlers put it and its `jose` code in a lazy
 * chunk that apps without encryption never download.
 */
import { compactDecrypt, importJWK } from 'jose';

/** Key management algorithms accepted: asymmetric only (no `dir`, no key wrapping with a shared secret). */
const KEY_MANAGEMENT_ALGORITHMS = [
  'RSA-OAEP',
  'RSA-OAEP-256',
  'RSA-OAEP-384',
  'RSA-OAEP-512',
  'ECDH-ES',
  'ECDH-ES+A128KW',
  'ECDH-ES+A192KW',
  'ECDH-ES+A256KW',
];

/** Decrypts a compact JWE and returns its plaintext as text. */
export type Decryptor = (jwe: string) => Promise<string>;

/**
 * Imports `encryptionKey` (a JWK, its JSON text, or a `CryptoKey`) once and returns the function that decrypts
 * with it. A JWK without `alg` is taken as `RSA-OAEP-256` (RSA) or `ECDH-ES` (EC, OKP), as Fief issues them.
 */
export async function createDecryptor(encryptionKey: string | JsonWebKey | CryptoKey): Promise<Decryptor> {
  let key: CryptoKey | Uint8Array;
  if (typeof encryptionKey === 'string' || !('algorithm' in encryptionKey)) {
    const jwk: JsonWebKey = typeof encryptionKey === 'string' ? JSON.parse(encryptionKey) : encryptionKey;
    key = await importJWK(jwk, jwk.alg ?? (jwk.kty === 'RSA' ? 'RSA-OAEP-256' : 'ECDH-ES'));
  } else {
    key = encryptionKey;
  }
  return async (jwe) => {
    const { plaintext } = await compactDecrypt(jwe, key, {
      keyManagementAlgorithms: KEY_MANAGEMENT_ALGORITHMS,
    });
    return new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
  };
}
