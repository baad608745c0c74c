import { vi } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import type { FiefTokenResponse, FiefUserInfo } from '../../protocol/types.js';
import { sessionNamespace } from '../engineSettings.js';
import { SessionKeeper } from '../sessionKeeper.js';
import { saveSession } from '../sessionSave.js';
import { SessionState } from '../sessionState.js';
import type { Session } from '../sessionStore.js';
import { MemoryStorage } from '../storage.js';

/** A well-formed session, as the engine would store it after a login at `now`. */
export function sampleSession(now = Date.now(), overrides: Partial<Session> = {}): Session {
  return {
    sid: 'a1b2c3d4e5f6a1b2c3d4e5f6',
    clientId: 'spa',
    createdAt: now,
    generation: 0,
    revision: 0,
    obtainedAt: now,
    tokenInfo: {
      access_token: 'access.token.value',
      id_token: 'id.token.value',
      token_type: 'bearer',
      expires_at: now + 3_600_000,
      scope: ['openid', 'offline_access'],
      acr: '1',
      permissions: ['castles:read'],
    },
    refreshToken: 'refresh-token-value',
    userinfo: {
      sub: '3f5a8c1e-0000-4000-8000-000000000001',
      email: 'anne@example.com',
      tenant_id: 'tenant',
      fields: { first_name: 'Anne' },
    },
    ...overrides,
  };
}

/** A Fief base URL where nothing listens (port 9, discard): tests that answer its requests themselves use it. */
/** A session of generation 0 made of a token response and its claims, as a sign-in at `now` stores it. */
export function grantedSession(
  sid: string,
  clientId: string,
  tokens: FiefTokenResponse,
  userinfo: FiefUserInfo,
  now = Date.now(),
): Session {
  return {
    sid,
    clientId,
    createdAt: now,
    generation: 0,
    revision: 0,
    obtainedAt: now,
    tokenInfo: {
      access_token: tokens.access_token,
      id_token: tokens.id_token,
      token_type: tokens.token_type,
      expires_at: now + tokens.expires_in * 1000,
      scope: ['openid', 'offline_access'],
      acr: '0',
      permissions: [],
    },
    refreshToken: tokens.refresh_token ?? null,
    userinfo,
  };
}

export const NOWHERE_BASE = 'http://127.0.0.1:9';

/** The discovery document of a Fief at {@link NOWHERE_BASE}, for a `fetch` the test answers itself. */
export const NOWHERE_DISCOVERY = {
  issuer: NOWHERE_BASE,
  authorization_endpoint: `${NOWHERE_BASE}/authorize`,
  token_endpoint: `${NOWHERE_BASE}/api/token`,
  userinfo_endpoint: `${NOWHERE_BASE}/api/userinfo`,
  jwks_uri: `${NOWHERE_BASE}/.well-known/jwks.json`,
};

/**
 * A client of a Fief at {@link NOWHERE_BASE} whose every request (the client's and the page's `fetch`, stubbed: undo
 * with `vi.unstubAllGlobals()`) gets its discovery document, and a tab's storage holding a live session of it.
 */
export function signedInAtNowhere(): { fief: Fief; storage: MemoryStorage } {
  const fetchFn: typeof fetch = async () =>
    Response.json({ ...NOWHERE_DISCOVERY, end_session_endpoint: `${NOWHERE_BASE}/logout` });
  vi.stubGlobal('fetch', fetchFn);
  const fief = new Fief({ baseURL: NOWHERE_BASE, clientId: 'spa', fetch: fetchFn });
  const storage = new MemoryStorage();
  saveSession(storage, sessionNamespace(fief), sampleSession(Date.now()));
  return { fief, storage };
}

/**
 * A keeper of a tab with no shared storage (`localStorage` blocked) and no other tab, whose clock reads `clock.offset`
 * ms off the test's: set the offset to set the user's clock back or ahead.
 *
 * @example
 * ```ts
 * const { keeper, clock } = keeperWithoutSharedStorage();
 * clock.offset = -15_000; // the clock set back 15 s
 * ```
 */
export function keeperWithoutSharedStorage(): {
  keeper: SessionKeeper;
  clock: { offset: number; now(): number };
} {
  const clock = { offset: 0, now: () => Date.now() + clock.offset };
  const context = {
    storage: new MemoryStorage(),
    namespace: 'spa',
    clientId: 'spa',
    shared: () => null,
    now: () => clock.now(),
    post: () => {},
    onSession: () => {},
    onEnd: () => {},
    log: () => {},
  };
  return { keeper: new SessionKeeper(context, new SessionState(context, null)), clock };
}
