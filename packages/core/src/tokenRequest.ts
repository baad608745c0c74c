/** Token endpoint requests (RFC 6749 §4.1.3, §6) with client authentication (§2.3.1) and response parsing (§5.1). */
import { type HTTPContext, malformedResponse, requestJSON } from './http.js';
import { isNumericDate, type JSONObject } from './json.js';
import type { FiefOpenIDConfiguration, FiefTokenResponse } from './types.js';

/** Who we are at the token endpoint. */
export interface TokenClient {
  clientId: string;
  clientSecret?: string | undefined;
}

/** RFC 6749 Appendix B: application/x-www-form-urlencoded, used for Basic credentials too (§2.3.1). */
const formEncode = (value: string): string => new URLSearchParams([['', value]]).toString().slice(1);

/**
 * Adds client authentication. Public clients send `client_id` only. Confidential ones use
 * `client_secret_basic` when the discovery document lists it (or lists nothing: it is the default, Discovery §3),
 * otherwise `client_secret_post`.
 */
function authenticate(
  config: FiefOpenIDConfiguration,
  client: TokenClient,
  body: URLSearchParams,
  headers: Record<string, string>,
): void {
  body.set('client_id', client.clientId);
  if (client.clientSecret === undefined) return;
  const methods = config.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
  if (!methods.includes('client_secret_basic') && methods.includes('client_secret_post')) {
    body.set('client_secret', client.clientSecret);
  } else {
    headers.Authorization = `Basic ${btoa(`${formEncode(client.clientId)}:${formEncode(client.clientSecret)}`)}`;
  }
}

/** RFC 6749 §5.1: checks the members a Fief token response must have. */
function parseTokenResponse(body: JSONObject): FiefTokenResponse {
  const what = 'the token response';
  for (const member of ['access_token', 'id_token', 'token_type'] as const) {
    if (typeof body[member] !== 'string' || body[member] === '')
      throw malformedResponse(what, `a string ${member}`);
  }
  if (!isNumericDate(body.expires_in)) {
    throw malformedResponse(what, 'a number expires_in');
  }
  if (body.refresh_token !== undefined && typeof body.refresh_token !== 'string') {
    throw malformedResponse(what, 'a string refresh_token when present');
  }
  return body as unknown as FiefTokenResponse;
}

/** POSTs a grant to the token endpoint and returns the checked token response. */
export async function requestToken(
  context: HTTPContext,
  config: FiefOpenIDConfiguration,
  client: TokenClient,
  grant: Record<string, string | undefined>,
  requestInit?: RequestInit,
): Promise<FiefTokenResponse> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(grant)) {
    if (value !== undefined) body.set(name, value);
  }
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  authenticate(config, client, body, headers);
  const answer = await requestJSON(
    context,
    config.token_endpoint,
    { method: 'POST', headers, body: body.toString() },
    requestInit,
  );
  return parseTokenResponse(answer);
}
