/**
 * Fief's user API (`/api/userinfo`, `/api/profile`, `/api/password`, `/api/email/*`): a request with the access token,
 * answered with the user's claims. Part of the chunk loaded on demand (`protocolFlows.ts`): an app calls it when the
 * user acts, never to render a page.
 */
import type { ClientContext } from './clientContext.js';
import { normalizeBaseURL } from './discoveryEssentials.js';
import { malformedResponse } from './errors.js';
import { requestJSON } from './http.js';
import type { HTTPContext } from './transport.js';
import type { FiefUserInfo } from './types.js';

/**
 * Sends `data` (JSON, when given) to `url` with the access token and returns the user's claims.
 *
 * @throws FiefRequestError on a refused request, and `ERR_FIEF_RESPONSE_MALFORMED` when the answer has no string
 *   `sub`.
 */
async function userRequest(
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

/** Fief's base URL without trailing slashes, which the user API's paths follow. */
const apiBase = (client: ClientContext): string => normalizeBaseURL(client.parameters.baseURL);

/** `Fief.userinfo`: the discovered `userinfo_endpoint`, or Fief's `/api/userinfo` (its user router is under `/api`). */
export async function userinfo(
  client: ClientContext,
  accessToken: string,
  requestInit: RequestInit | undefined,
): Promise<FiefUserInfo> {
  const { userinfo_endpoint } = await client.openIDConfiguration();
  const url = userinfo_endpoint ?? `${apiBase(client)}/api/userinfo`;
  return userRequest(client.http, url, 'GET', accessToken, undefined, requestInit);
}

/**
 * `Fief.updateProfile`: `PATCH /api/profile`.
 *
 * @example
 * ```ts
 * const userinfo = await updateProfile(client, accessToken, { fields: { first_name: 'Anne' } }, undefined);
 * ```
 */
export function updateProfile(
  client: ClientContext,
  accessToken: string,
  data: Record<string, unknown>,
  requestInit: RequestInit | undefined,
): Promise<FiefUserInfo> {
  return userRequest(client.http, `${apiBase(client)}/api/profile`, 'PATCH', accessToken, data, requestInit);
}

/** `Fief.changePassword`: `PATCH /api/password`. */
export function changePassword(
  client: ClientContext,
  accessToken: string,
  password: string,
  requestInit: RequestInit | undefined,
): Promise<FiefUserInfo> {
  const url = `${apiBase(client)}/api/password`;
  return userRequest(client.http, url, 'PATCH', accessToken, { password }, requestInit);
}

/** `Fief.emailChange`: `PATCH /api/email/change`. */
export function emailChange(
  client: ClientContext,
  accessToken: string,
  email: string,
  requestInit: RequestInit | undefined,
): Promise<FiefUserInfo> {
  const url = `${apiBase(client)}/api/email/change`;
  return userRequest(client.http, url, 'PATCH', accessToken, { email }, requestInit);
}

/** `Fief.emailVerify`: `POST /api/email/verify`. */
export function emailVerify(
  client: ClientContext,
  accessToken: string,
  code: string,
  requestInit: RequestInit | undefined,
): Promise<FiefUserInfo> {
  const url = `${apiBase(client)}/api/email/verify`;
  return userRequest(client.http, url, 'POST', accessToken, { code }, requestInit);
}
