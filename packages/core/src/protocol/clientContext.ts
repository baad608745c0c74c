/**
 * What the code loaded on demand (`protocolFlows.ts`) needs of one `Fief` client. `Fief`'s methods are short: each
 * hands this context to the chunk's function of the same name, so that the entry carries no protocol code a page
 * does not run to render.
 */
import type { LazyDecryptor } from './decryptor.js';
import type { JWKSCache } from './jwks.js';
import type { HTTPContext } from './transport.js';
import type { FiefOpenIDConfiguration, FiefParameters } from './types.js';

/** One client's options, requests, key set and discovery document, and its decryptor once built. */
export interface ClientContext {
  readonly parameters: FiefParameters;
  /** How requests are sent (`fetch`, `requestInit`). */
  readonly http: HTTPContext;
  /** The key set, refetched by the validation code when a token names a key it does not hold. */
  readonly jwks: JWKSCache;
  openIDConfiguration(): Promise<FiefOpenIDConfiguration>;
  /** Built on first use when the client has an `encryptionKey` (it loads the JWE module then, once). */
  decryptor?: LazyDecryptor;
}
