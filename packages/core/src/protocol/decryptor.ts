/**
 * The decryption of encrypted ID tokens for one `encryptionKey`: the JWE module (`jwe.ts`, with its `jose` code) is
 * loaded with a dynamic import and the key imported on the first encrypted token, once. Part of the chunk loaded on
 * demand (`protocolFlows.ts`); `jwe.ts` is a chunk of its own, that apps without encryption never download.
 */
import { chunkInTime } from './chunkInTime.js';
import { FiefError, rejectChunkLoad } from './errors.js';
import type { Decryptor } from './jwe.js';

/** A {@link Decryptor} whose module and key can be made ready before the first token. */
export interface LazyDecryptor extends Decryptor {
  /** Loads the JWE module and imports the key now (see `Fief.loadTokenValidation`); rejects as the first call would. */
  load(): Promise<unknown>;
}

/**
 * A decryptor that loads the JWE module and imports `encryptionKey` when first called (or loaded); a failed load or
 * import is forgotten, so that the next token tries again.
 *
 * @example
 * ```ts
 * const decrypt = lazyDecryptor(encryptionKey); // nothing loaded or imported yet
 * const claimsJSON = await decrypt(jwe);
 * ```
 */
export function lazyDecryptor(encryptionKey: string | JsonWebKey | CryptoKey): LazyDecryptor {
  let decryptor: Promise<Decryptor> | undefined;
  const load = (): Promise<Decryptor> => {
    decryptor ??= import('./jwe.js').then(
      ({ createDecryptor }) =>
        createDecryptor(encryptionKey).catch((cause: unknown) => {
          // The app's configuration, not a token: said so, before any token is sent or blamed.
          throw new FiefError(
            'expected an encryptionKey that imports (a private JWK, its JSON text, or a CryptoKey), found another',
            'ERR_FIEF_ENCRYPTION_KEY',
            { cause },
          );
        }),
      rejectChunkLoad,
    );
    const current = decryptor;
    current.catch(() => {
      if (decryptor === current) decryptor = undefined;
    });
    // Bounded for each caller, like the doors' chunks: a stalled download must not leave a callback or a refresh
    // waiting for good. The download goes on: a later call takes the module once it arrives.
    return chunkInTime(current).catch((cause: unknown) => {
      if (cause instanceof FiefError) throw cause;
      return rejectChunkLoad(cause);
    });
  };
  return Object.assign(async (jwe: string) => (await load())(jwe), { load });
}
