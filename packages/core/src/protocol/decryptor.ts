/**
 * The decryption of encrypted ID tokens for one `encryptionKey`: the JWE module (`jwe.ts`, with its `jose` code) is
 * loaded with a dynamic import and the key imported on the first encrypted token, once. Part of the chunk loaded on
 * demand (`protocolFlows.ts`); `jwe.ts` is a chunk of its own, that apps without encryption never download.
 */
import type { Decryptor } from './jwe.js';

/**
 * A decryptor that loads the JWE module and imports `encryptionKey` when first called; a failed load or import is
 * forgotten, so that the next token tries again.
 *
 * @example
 * ```ts
 * const decrypt = lazyDecryptor(encryptionKey); // nothing loaded or imported yet
 * const claimsJSON = await decrypt(jwe);
 * ```
 */
export function lazyDecryptor(encryptionKey: string | JsonWebKey | CryptoKey): Decryptor {
  let decryptor: Promise<Decryptor> | undefined;
  return async (jwe) => {
    decryptor ??= import('./jwe.js').then(({ createDecryptor }) => createDecryptor(encryptionKey));
    const current = decryptor;
    current.catch(() => {
      if (decryptor === current) decryptor = undefined;
    });
    return (await current)(jwe);
  };
}
