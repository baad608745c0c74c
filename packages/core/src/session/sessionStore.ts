/**
 * The stored session: its shape, its one versioned key, and the parser that accepts only what `sessionSave.ts` wrote.
 * Unreadable, malformed, tampered or foreign data reads as "no session", is removed, and never throws.
 */

import { isJSONObject, isStringArray, parseJSONObject } from '../protocol/json.js';
import type { FiefUserInfo } from '../protocol/types.js';
import type { FiefTokenInfo } from './authState.js';
import { readItem, removeItem, STORAGE_VERSION, type StorageLike, storageKey, writeItem } from './storage.js';

/** A signed-in session, as the engine keeps it (in memory, in storage, and across tabs). */
export interface Session {
  /** Random identifier of this sign-in (a new login makes a new `sid`; a refresh keeps it). */
  readonly sid: string;
  /** Client the tokens were issued to. */
  readonly clientId: string;
  /** When the user signed in (ms since the epoch): between two different sign-ins, the later one wins. */
  readonly createdAt: number;
  /**
   * How many refresh tokens this sign-in has spent. A tab that holds the refresh lock compares it with the one it
   * meant to refresh: if it moved, another tab already spent that refresh token.
   */
  readonly generation: number;
  /** Bumped on every change (refresh, user info update): between two copies of one sign-in, the higher wins. */
  readonly revision: number;
  /** When the current tokens were received (ms since the epoch). */
  readonly obtainedAt: number;
  readonly tokenInfo: FiefTokenInfo;
  /** `null` when Fief gave none (no `offline_access` scope): the session ends when the access token expires. */
  readonly refreshToken: string | null;
  /** The user's claims (no protocol claims: see `PROTOCOL_CLAIMS` in `tokenResponse.ts`). */
  readonly userinfo: FiefUserInfo;
  /**
   * Fief's discovery document, as validated when the tokens were received, so that a refresh after a reload does
   * not fetch it again (it is validated again when seeded into `Fief`). Absent when unknown.
   */
  readonly discovery?: Record<string, unknown> | undefined;
}

/** Stored data larger than this is not ours. */
const MAX_STORED_LENGTH = 128 * 1024;

/** The key the session of an engine's `namespace` is stored under. */
export function sessionKey(namespace: string): string {
  return storageKey('session', namespace);
}

/**
 * Parses what `serializeSession` (`sessionSave.ts`) wrote, for `clientId`. Anything else (not JSON, another version, a missing or
 * mistyped field, another client) is `null`.
 */
export function parseSerializedSession(raw: unknown, clientId: string): Session | null {
  if (typeof raw !== 'string' || raw.length > MAX_STORED_LENGTH) return null;
  const value = parseJSONObject(raw);
  if (value === undefined || value.v !== STORAGE_VERSION) return null;
  return parseSession(value.session, clientId);
}

/** Validates a session object field by field; `null` when anything is off. */
export function parseSession(value: unknown, clientId: string): Session | null {
  if (!isJSONObject(value)) return null;
  const { sid, createdAt, generation, revision, obtainedAt, refreshToken, discovery } = value;
  if (!isNonEmptyString(sid) || value.clientId !== clientId) return null;
  if (!isTimestamp(createdAt) || !isTimestamp(obtainedAt)) return null;
  if (!isTimestamp(generation) || !isTimestamp(revision)) return null;
  if (refreshToken !== null && !isNonEmptyString(refreshToken)) return null;
  if (discovery !== undefined && !isJSONObject(discovery)) return null;
  const tokenInfo = parseTokenInfo(value.tokenInfo);
  const userinfo = parseUserinfo(value.userinfo);
  if (tokenInfo === null || userinfo === null) return null;
  return {
    sid,
    clientId,
    createdAt,
    generation,
    revision,
    obtainedAt,
    tokenInfo,
    refreshToken,
    userinfo,
    discovery,
  };
}

function parseTokenInfo(value: unknown): FiefTokenInfo | null {
  if (!isJSONObject(value)) return null;
  const { access_token, id_token, token_type, expires_at, scope, acr, permissions } = value;
  if (!isNonEmptyString(access_token) || !isNonEmptyString(id_token) || !isNonEmptyString(token_type))
    return null;
  if (!isTimestamp(expires_at) || (acr !== '0' && acr !== '1')) return null;
  if (!isStringArray(scope) || !isStringArray(permissions)) return null;
  return {
    access_token,
    id_token,
    token_type,
    expires_at,
    scope: [...scope],
    acr,
    permissions: [...permissions],
  };
}

function parseUserinfo(value: unknown): FiefUserInfo | null {
  if (!isJSONObject(value) || !isNonEmptyString(value.sub)) return null;
  if (value.email !== undefined && typeof value.email !== 'string') return null;
  if (value.tenant_id !== undefined && typeof value.tenant_id !== 'string') return null;
  if (value.fields !== undefined && !isJSONObject(value.fields)) return null;
  return value as unknown as FiefUserInfo;
}

/**
 * Reads the session stored under `namespace` (an engine's: client id and issuer), for `clientId`. Whatever is
 * there and does not parse is removed.
 *
 * @example
 * ```ts
 * const session = loadSession(sessionStorage, 'spa@https://example.fief.dev', 'spa'); // Session | null, never throws
 * ```
 */
export function loadSession(storage: StorageLike, namespace: string, clientId: string): Session | null {
  const key = sessionKey(namespace);
  const raw = readItem(storage, key);
  if (raw === null) return null;
  const session = parseSerializedSession(raw, clientId);
  if (session === null) removeItem(storage, key);
  return session;
}

/**
 * Removes the session stored under `namespace`. All the entry chunk ever does to it besides reading it: storing one is
 * the engine's (`sessionSave.ts`, in the session's chunk).
 */
export function removeSession(storage: StorageLike, namespace: string): void {
  removeItem(storage, sessionKey(namespace));
}

/** Whether the access token of `session` is still valid at `now`. */
export function isSessionValid(session: Session, now: number): boolean {
  return now < session.tokenInfo.expires_at;
}

/** A string with at least one character (stored data is untrusted: anything else is not ours). */
export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Milliseconds since the epoch, or a counter: a non-negative integer. */
export function isTimestamp(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Records that the user signed out at `at` (ms since the epoch), in storage that outlives the tabs (`localStorage`):
 * a session created at or before it, found later in a restored tab's `sessionStorage`, is never used again.
 */
export function markLoggedOut(shared: StorageLike, namespace: string, at: number): void {
  writeItem(shared, logoutMarkKey(namespace), JSON.stringify({ v: STORAGE_VERSION, at }));
}

/** The key of the logout mark of the engines of `namespace`. */
export function logoutMarkKey(namespace: string): string {
  return storageKey('logout', namespace);
}

/** When the user last signed out (see {@link markLoggedOut}), or `-1`. */
export function readLoggedOutAt(shared: StorageLike, namespace: string): number {
  const raw = readItem(shared, logoutMarkKey(namespace));
  const value = raw === null || raw.length > 1024 ? undefined : parseJSONObject(raw);
  return value?.v === STORAGE_VERSION && isTimestamp(value.at) ? value.at : -1;
}
