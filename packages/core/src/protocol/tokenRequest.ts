/**
 * Token endpoint requests (RFC 6749 §4.1.3, §6) with client authentication (§2.3.1, in `clientAuth.ts`), sent from
 * the entry chunk; the answer is read by `readJSON` (`http.ts`) and parsed (§5.1) by `parseTokenResponse`
 * (`tokenResponse.ts`), both in the chunk that validates the tokens, loaded while the request is on its way.
 */
import type { DiscoveryEssentials } from './discoveryEssentials.js';
import { FiefRequestError } from './errors.js';
import type { JSONObject } from './json.js';
import { loadProtocolFlows, type ProtocolFlows } from './loadProtocolFlows.js';
import { type Answer, type HTTPContext, sendRequest } from './transport.js';
import type { FiefOpenIDConfiguration } from './types.js';

/**
 * What a token request reads of the discovery document: its essentials (checked in the entry chunk), and for a
 * confidential client the authentication methods of the whole document (such a client never uses the essentials
 * alone: `essentialsOf` in `fiefEndpoints.ts`).
 */
export type TokenEndpointDocument = DiscoveryEssentials &
  Partial<Pick<FiefOpenIDConfiguration, 'token_endpoint_auth_methods_supported'>>;

/**
 * Failures of the token request itself (no answer, or the token endpoint's own answer), not of what follows it
 * (JWKS, discovery, validation): the refresh tells them apart (`tokenEndpointFailure` in `sessionRefresher.ts`, in
 * the session chunk, so that the entry chunk holds only the set). Only {@link readTokenAnswer} adds to it.
 */
export const tokenRequestFailures = new WeakSet<FiefRequestError>();

/** Who we are at the token endpoint. */
export interface TokenClient {
  clientId: string;
  clientSecret?: string | undefined;
}

/**
 * POSTs a grant to the token endpoint and returns its answer, unread (see the module's comment).
 *
 * @example
 * ```ts
 * import { loadProtocolFlows } from './loadProtocolFlows.js';
 *
 * const grant = { grant_type: 'refresh_token', refresh_token: refreshToken };
 * const answer = await sendTokenRequest({}, config, { clientId: 'spa' }, grant);
 * const json = readTokenAnswer((await loadProtocolFlows()).readJSON, answer);
 * ```
 */
export async function sendTokenRequest(
  context: HTTPContext,
  config: TokenEndpointDocument,
  client: TokenClient,
  grant: Record<string, string | undefined>,
  requestInit?: RequestInit,
): Promise<Answer> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(grant)) {
    if (value !== undefined) body.set(name, value);
  }
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  body.set('client_id', client.clientId);
  if (client.clientSecret !== undefined) {
    // A confidential client (a server, never a browser app): its authentication is in the chunk loaded on demand.
    const { authenticateClient } = await loadProtocolFlows();
    authenticateClient(config, client.clientId, client.clientSecret, body, headers);
  }
  return sendRequest(
    context,
    config.token_endpoint,
    { method: 'POST', headers, body: body.toString() },
    requestInit,
  );
}

/**
 * The token endpoint's answer read with `readJSON` (`http.ts`, in the protocol's chunk, hence given): its failures are
 * marked as the token request's own ({@link tokenRequestFailures}), which the refresh tells apart from a failed
 * validation.
 *
 * @example
 * ```ts
 * import { loadProtocolFlows } from './loadProtocolFlows.js';
 *
 * const { readJSON } = await loadProtocolFlows();
 * const answer = await sendTokenRequest({}, config, { clientId: 'spa' }, { grant_type: 'authorization_code', code });
 * const json = readTokenAnswer(readJSON, answer);
 * ```
 */
export function readTokenAnswer(readJSON: ProtocolFlows['readJSON'], answer: Answer): JSONObject {
  try {
    return readJSON(answer);
  } catch (error) {
    if (error instanceof FiefRequestError) tokenRequestFailures.add(error);
    throw error;
  }
}
