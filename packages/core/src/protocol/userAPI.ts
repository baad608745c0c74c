/**
 * Fief's user API (`/userinfo`, `/api/profile`, `/api/password`, `/api/email/*`): a request with the access token,
 * answered with the user's claims. Part of the chunk loaded on demand (`protocolFlows.ts`): an app calls it when the
 * user acts, never to render a page.
 */
import { type HTTPContext, malformedResponse, requestJSON } from './http.js';
import type { FiefUserInfo } from './types.js';

/**
 * Sends `data` (JSON, when given) to `url` with the access token and returns the user's claims.
 *
 * @throws FiefRequestError on a refused request, and `ERR_FIEF_RESPONSE_MALFORMED` when the answer has no string
 *   `sub`.
 *
 * @example
 * ```ts
 * const userinfo = await userRequest(http, 'https://example.fief.dev/api/profile', 'PATCH', accessToken, {
 *   fields: { first_name: 'Anne' },
 * });
 * ```
 */
export async function userRequest(
  context: HTTPContext,
  url: string,
  method: 'GET' | 'PATCH' | 'POST',
  accessToken: string,
  data: Record<string, unknown> | undefined,
  requestInit: RequestInit | undefined,
): Promise<FiefUserInfo> {
  const headers: Record<string, string> = { Authorization: `Bearer ${accessToken}` };
  if (data !== undefined) headers['Content-Type'] = 'application/json';
  const request = data === undefined ? { method, headers } : { method, headers, body: JSON.stringify(data) };
  const userinfo = await requestJSON(context, url, request, requestInit);
  if (typeof userinfo.sub !== 'string') throw malformedResponse('the user information', 'a string sub');
  return userinfo as FiefUserInfo;
}
