/**
 * What a validated token response becomes in the session: the app's view of its tokens, and the user's claims
 * without the protocol claims. Part of the session's chunk loaded on demand (`sessionFlows.ts`): only a callback
 * and a refresh handle a token response.
 */

import { randomId } from '../protocol/crypto.js';
import type { Fief } from '../protocol/fief.js';
import { loadProtocolFlows } from '../protocol/loadProtocolFlows.js';
import type { FiefTokenResponse, FiefUserInfo } from '../protocol/types.js';
import type { FiefTokenInfo } from './authState.js';
import { jsonEqual } from './jsonEqual.js';
import { markLoggedOut, readLoggedOutAt, type Session } from './sessionStore.js';
import type { StorageLike } from './storage.js';

/**
 * Claims of an ID token that describe the token or the sign-in, not the user, and change with every token: the
 * engine's `userinfo` leaves them out. Issuer and audience (`iss`, `aud`, `azp`), times (`exp`, `iat`, `nbf`,
 * `auth_time`), bindings to the request (`nonce`, `at_hash`, `c_hash`), the sign-in (`acr`, `amr`, `sid`) and the
 * token's `jti`. `sub`, the user's ID, is kept.
 */
export const PROTOCOL_CLAIMS = [
  'iss',
  'aud',
  'azp',
  'exp',
  'iat',
  'nbf',
  'auth_time',
  'nonce',
  'at_hash',
  'c_hash',
  'acr',
  'amr',
  'sid',
  'jti',
] as const;

/**
 * The user's claims: `claims` without {@link PROTOCOL_CLAIMS}. Returns `previous` itself when it is equal in value,
 * so that a refresh bringing the same user claims keeps the object (and what reads it does not re-render).
 *
 * @example
 * ```ts
 * userClaims({ sub: 'u1', email: 'anne@example.com', tenant_id: 't1', fields: {}, exp: 1700000000, nonce: 'n' });
 * // { sub: 'u1', email: 'anne@example.com', tenant_id: 't1', fields: {} }
 * ```
 */
export function userClaims(claims: FiefUserInfo, previous?: FiefUserInfo | null): FiefUserInfo {
  const user: FiefUserInfo = { ...claims };
  for (const claim of PROTOCOL_CLAIMS) delete user[claim];
  return previous != null && jsonEqual(previous, user) ? previous : user;
}

/**
 * The app's view of a token response. `scope`, `acr` and `permissions` come from validating the access token
 * (with the key set already fetched for the ID token: no extra request).
 */
async function readTokenInfo(
  fief: Fief,
  tokens: FiefTokenResponse,
  obtainedAt: number,
): Promise<FiefTokenInfo> {
  const info = await fief.validateAccessToken(tokens.access_token);
  return {
    access_token: tokens.access_token,
    id_token: tokens.id_token,
    token_type: tokens.token_type,
    expires_at: Math.floor(obtainedAt + tokens.expires_in * 1000),
    scope: info.scope,
    acr: info.acr,
    permissions: info.permissions,
  };
}

/**
 * The session's `tokenInfo` and `userinfo` for a token response and the claims of its validated ID token;
 * `previous` is the session's current `userinfo`, kept when the user's claims are unchanged.
 *
 * @example
 * ```ts
 * const [tokens, claims] = await fief.authRefreshToken(refreshToken);
 * const { tokenInfo, userinfo } = await sessionTokens(fief, tokens, claims, Date.now(), session.userinfo);
 * ```
 */
export async function sessionTokens(
  fief: Fief,
  tokens: FiefTokenResponse,
  claims: FiefUserInfo,
  obtainedAt: number,
  previous?: FiefUserInfo,
): Promise<{ tokenInfo: FiefTokenInfo; userinfo: FiefUserInfo }> {
  return { tokenInfo: await readTokenInfo(fief, tokens, obtainedAt), userinfo: userClaims(claims, previous) };
}

/**
 * The new session of a login: its tokens and user claims, a new sign-in ID, and the discovery document the tokens
 * were validated with (the first refresh after a reload then needs no discovery request). A new sign-in follows
 * every logout before its code exchange, even one whose mark in `context.shared()` a clock set ahead put in the
 * future (that mark would refuse this sign-in in every tab, and here at its first refresh): the mark is put back
 * just before it. Sessions created before the sign-in stay refused. A logout while the exchange was on its way (a
 * mark between `obtainedAt` and now) stands, and refuses this sign-in (`SessionKeeper.login`).
 *
 * @example
 * ```ts
 * const [tokens, claims] = await fief.authCallback(code, redirectURI, verifier, undefined, { nonce });
 * const session = await loginSession(settings, tokens, claims, obtainedAt);
 * ```
 */
export async function loginSession(
  context: LoginSessionContext,
  tokens: FiefTokenResponse,
  claims: FiefUserInfo,
  obtainedAt: number,
): Promise<Session> {
  const { fief, namespace } = context;
  const session: Session = {
    sid: randomId(),
    clientId: context.clientId,
    createdAt: obtainedAt,
    generation: 0,
    revision: 0,
    obtainedAt,
    ...(await sessionTokens(fief, tokens, claims, obtainedAt)),
    refreshToken: tokens.refresh_token ?? null,
    discovery: await fief.getOpenIDConfiguration(),
  };
  const shared = context.shared();
  if (shared !== null && readLoggedOutAt(shared, namespace) > context.now())
    markLoggedOut(shared, namespace, obtainedAt - 1);
  return session;
}

/** What a login's session needs from the engine. */
export interface LoginSessionContext {
  readonly fief: Fief;
  readonly clientId: string;
  /** Names the logout mark. */
  readonly namespace: string;
  /** Storage every tab sees (the logout mark), or `null`. */
  shared(): StorageLike | null;
  now(): number;
}

/**
 * The session after a refresh: the next generation of `current`, with the new tokens and the new refresh token, or
 * none when Fief sent none (the one sent is spent either way: Fief rotates it). `userinfo` is the previous object
 * when the user's claims are unchanged: its readers do not re-render.
 *
 * @example
 * ```ts
 * const [tokens, claims] = await fief.authRefreshToken(refreshToken);
 * const next = await refreshedSession(fief, session, tokens, claims, obtainedAt);
 * ```
 */
export async function refreshedSession(
  fief: Fief,
  current: Session,
  tokens: FiefTokenResponse,
  claims: FiefUserInfo,
  obtainedAt: number,
): Promise<Session> {
  // OIDC Core §12.2: the ID token of a refresh must carry the sub of the sign-in it continues.
  if (claims.sub !== current.userinfo.sub) {
    // The protocol chunk is loaded (it validated the refresh): a static import would share the token errors between
    // both lazy chunks, and esbuild would fetch them as a third chunk after either, one more request in series.
    const { FiefIdTokenInvalid } = await loadProtocolFlows();
    throw new FiefIdTokenInvalid(
      'sub',
      'expected the refreshed ID token to name the signed-in user, found another',
    );
  }
  return {
    ...current,
    generation: current.generation + 1,
    revision: current.revision + 1,
    obtainedAt,
    ...(await sessionTokens(fief, tokens, claims, obtainedAt, current.userinfo)),
    // Fief deletes the refresh token it was sent (`fief/dependencies/token.py`) and answers without one when the
    // refresh's scope lacks offline_access: then there is nothing left to refresh with.
    refreshToken: tokens.refresh_token ?? null,
  };
}
