/**
 * Token endpoint requests (RFC 6749 §4.1.3, §6) with client authentication (§2.3.1, in `clientAuth.ts`); the
 * response is parsed (§5.1) by `parseTokenResponse` in `tokenResponse.ts`.
 */
import { FiefRequestError } from './errors.js';
import { type HTTPContext, requestJSON } from './http.js';
import type { JSONObject } from './json.js';
import { loadProtocolFlows } from './loadProtocolFlows.js';
import type { FiefOpenIDConfiguration } from './types.js';

/**
 * Failures of the token request itself (no answer, or the token endpoint's own answer), not of what follows it
 * (JWKS, discovery, validation): the refresh tells them apart (`tokenEndpointFailure` in `sessionRefresher.ts`, in
 * the session chunk, so that the entry chunk holds only the set). Only {@link requestToken} adds to it.
 */
export const tokenRequestFailures = new WeakSet<FiefRequestError>();

/** Who we are at the token endpoint. */
export interface TokenClient {
  clientId: string;
  clientSecret?: string | undefined;
}

/**
 * POSTs a grant to the token endpoint and returns its JSON answer; `parseTokenResponse` (`tokenResponse.ts`, in the
 * chunk that validates the tokens, loaded while the request is on its way) checks its members.
 */
export async function requestToken(
  context: HTTPContext,
  config: FiefOpenIDConfiguration,
  client: TokenClient,
  grant: Record<string, string | undefined>,
  requestInit?: RequestInit,
): Promise<JSONObject> {
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
  return requestJSON(
    context,
    config.token_endpoint,
    { method: 'POST', headers, body: body.toString() },
    requestInit,
  ).catch((error: unknown) => {
    if (error instanceof FiefRequestError) tokenRequestFailures.add(error);
    throw error;
  });
}
