/**
 * Client authentication at the token endpoint (RFC 6749 §2.3.1) for a confidential client. Part of the chunk loaded
 * on demand (`protocolFlows.ts`): a browser app is a public client, which sends its `client_id` only.
 */
import type { FiefOpenIDConfiguration } from './types.js';

/** RFC 6749 Appendix B: application/x-www-form-urlencoded, used for Basic credentials too (§2.3.1). */
const formEncode = (value: string): string => new URLSearchParams([['', value]]).toString().slice(1);

/**
 * Adds the client secret to a token request: `client_secret_basic` when the discovery document lists it (or lists
 * nothing: it is the default, Discovery §3), otherwise `client_secret_post`.
 *
 * @example
 * ```ts
 * const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken });
 * const headers: Record<string, string> = {};
 * authenticateClient(config, 'my-client', 'my-secret', body, headers); // headers.Authorization = 'Basic ...'
 * ```
 */
export function authenticateClient(
  config: Pick<FiefOpenIDConfiguration, 'token_endpoint_auth_methods_supported'>,
  clientId: string,
  clientSecret: string,
  body: URLSearchParams,
  headers: Record<string, string>,
): void {
  const methods = config.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
  if (!methods.includes('client_secret_basic') && methods.includes('client_secret_post')) {
    body.set('client_secret', clientSecret);
  } else {
    headers.Authorization = `Basic ${btoa(`${formEncode(clientId)}:${formEncode(clientSecret)}`)}`;
  }
}
