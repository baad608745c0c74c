/**
 * Fetching the documents Fief publishes, its discovery document and its JSON Web Key Set, from the entry chunk: the
 * request goes out at once, and the protocol's chunk, which reads the answer (`readJSON` in `http.ts`), loads beside
 * it. Only `fiefEndpoints.ts` imports this module (modules of the chunk would import their own door through it).
 */

import { normalizeBaseURL } from './discoveryEssentials.js';
import { loadProtocolFlows, type ProtocolFlows } from './loadProtocolFlows.js';
import { type Answer, type HTTPContext, sendRequest } from './transport.js';
import type { FiefOpenIDConfiguration, JSONWebKeySet } from './types.js';

/**
 * GETs `url`: its answer, unread, and the chunk that reads it.
 *
 * @throws FiefError `ERR_FIEF_CHUNK_LOAD` when the chunk that reads it does not load.
 */
function fetchDocument(context: HTTPContext, url: string): Promise<[Answer, ProtocolFlows]> {
  // Both awaited at once: a request that could not be built (a header that is no byte string) rejects while the chunk
  // is on its way, and must not be left unhandled meanwhile.
  return Promise.all([sendRequest(context, url, { method: 'GET' }), loadProtocolFlows()]);
}

/**
 * Fetches and checks `{baseURL}/.well-known/openid-configuration` (the check is the chunk's, `discovery.ts`).
 *
 * @example
 * ```ts
 * const config = await fetchOpenIDConfiguration({}, 'https://fief.example');
 * ```
 */
export async function fetchOpenIDConfiguration(
  context: HTTPContext,
  baseURL: string,
): Promise<FiefOpenIDConfiguration> {
  const [answer, flows] = await fetchDocument(
    context,
    `${normalizeBaseURL(baseURL)}/.well-known/openid-configuration`,
  );
  return flows.parseOpenIDConfiguration(flows.readJSON(answer), baseURL);
}

/**
 * Fetches a JWKS document and checks its shape (`keys` is an array: `readJWKS`, the chunk's).
 *
 * @example
 * ```ts
 * const config = await fetchOpenIDConfiguration({}, 'https://fief.example');
 * const jwks = await fetchJWKS({}, config.jwks_uri);
 * ```
 */
export async function fetchJWKS(context: HTTPContext, jwksURI: string): Promise<JSONWebKeySet> {
  const [answer, flows] = await fetchDocument(context, jwksURI);
  return flows.readJWKS(answer);
}
