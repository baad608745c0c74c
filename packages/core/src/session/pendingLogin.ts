/**
 * The pending login: what `redirectToLogin` must remember until Fief sends the user back to the callback page.
 * Kept in `sessionStorage` (it survives the round trip to Fief, and stays in its tab) under the key of its `state`,
 * so that several logins started in several tabs never overwrite each other. One use only: reading it removes it.
 *
 * This module reads it, on the callback page, before the token request (it is in the entry chunk), and checks only
 * the fields that the request and the checks before it use: the others are checked in the session's chunk, after the
 * token answer and before anything is kept (`pendingLoginRest.ts`). Writing it is beside its only user,
 * `loginRedirect.ts`, in the chunk loaded on demand.
 */

import { isJSONObject, parseJSONObject } from '../protocol/json.js';
import { isNonEmptyString, isTimestamp } from './sessionStore.js';
import { readItem, removeItem, STORAGE_VERSION, type StorageLike, storageKey } from './storage.js';

/** A login started by `redirectToLogin` and not finished yet. */
export interface PendingLogin {
  /** The `state` sent to Fief; also the key of this record. */
  readonly state: string;
  /** PKCE code verifier (RFC 7636). */
  readonly codeVerifier: string;
  /** OIDC `nonce` the ID token must carry. */
  readonly nonce: string;
  /** The `redirect_uri` sent to Fief; the token request must repeat it exactly. */
  readonly redirectURI: string;
  /** Same-origin path to go to after login. */
  readonly returnTo: string;
  /** When the login started (ms since the epoch). */
  readonly createdAt: number;
  /** Fief's discovery document, so that the callback page does not fetch it again (`null` if unknown). */
  readonly discovery: Record<string, unknown> | null;
  /** The issuer the login was started with: an engine of another issuer refuses the callback. */
  readonly issuer: string;
  /** The client the login was started for: an engine of another client refuses the callback. */
  readonly clientId: string;
  /** The `acr_values` asked for (step-up), or `null`: the ID token's `acr` must be at least that. */
  readonly acrValues: string | null;
  /** The `max_age` asked for (seconds), or `null`: the ID token's `auth_time` must be that recent. */
  readonly maxAge: number | null;
}

/** A login not finished within this time is forgotten (Fief's authorization codes live far less). */
export const PENDING_LOGIN_MAX_AGE_MS = 60 * 60 * 1000;

/** `state` values we generate are short URL-safe strings: anything else is not ours. */
const STATE_PATTERN = /^[A-Za-z0-9._~-]{8,512}$/;

const MAX_STORED_LENGTH = 64 * 1024;

/** The fields of a {@link PendingLogin} that only the checks after the token request read. */
type ReadAfterTheToken = 'returnTo' | 'acrValues' | 'maxAge';

/**
 * A pending login as the entry chunk reads it from storage: the fields read after the token request are not checked
 * yet (`checkPendingLoginRest` in `pendingLoginRest.ts` does).
 */
export type StoredPendingLogin = Omit<PendingLogin, ReadAfterTheToken> & Record<ReadAfterTheToken, unknown>;

/** The key of the pending login started with `state`. */
export function pendingLoginKey(state: string): string {
  return storageKey('pending', state);
}

/**
 * Reads **and removes** the pending login started with `state`: a `state` can be used once. `null` when there is
 * none, when what is stored is not a pending login we wrote for this `state`, or when it is older than
 * {@link PENDING_LOGIN_MAX_AGE_MS}.
 *
 * @example
 * ```ts
 * const pending = takePendingLogin(sessionStorage, state, Date.now());
 * if (pending === null) throw new Error('unknown or reused state');
 * ```
 */
export function takePendingLogin(
  storage: StorageLike,
  state: string,
  now: number,
): StoredPendingLogin | null {
  if (!STATE_PATTERN.test(state)) return null;
  const key = pendingLoginKey(state);
  const raw = readItem(storage, key);
  if (raw === null) return null;
  removeItem(storage, key);
  const pending = parsePendingLogin(raw);
  if (pending === null || pending.state !== state) return null;
  if (now - pending.createdAt > PENDING_LOGIN_MAX_AGE_MS || pending.createdAt > now + 60_000) return null;
  return pending;
}

/**
 * Parses what `savePendingLogin` (`loginRedirect.ts`) wrote; `null` for anything else. The fields read after the token
 * request are left unchecked (see {@link StoredPendingLogin}); `nonce`, which the token request's ID token check
 * needs, is checked here.
 */
export function parsePendingLogin(raw: string | null): StoredPendingLogin | null {
  if (raw === null || raw.length > MAX_STORED_LENGTH) return null;
  const value = parseJSONObject(raw);
  if (value === undefined || value.v !== STORAGE_VERSION || !isJSONObject(value.pending)) return null;
  const { state, codeVerifier, nonce, redirectURI, returnTo, createdAt, discovery } = value.pending;
  const { issuer, clientId, acrValues, maxAge } = value.pending;
  if (typeof issuer !== 'string' || typeof clientId !== 'string') return null;
  if (typeof state !== 'string' || !STATE_PATTERN.test(state)) return null;
  if (typeof codeVerifier !== 'string' || codeVerifier.length < 43 || codeVerifier.length > 128) return null;
  if (!isNonEmptyString(nonce)) return null;
  if (typeof redirectURI !== 'string') return null;
  if (!isTimestamp(createdAt)) return null;
  if (discovery !== null && !isJSONObject(discovery)) return null;
  return {
    state,
    codeVerifier,
    nonce,
    redirectURI,
    returnTo,
    createdAt,
    discovery,
    issuer,
    clientId,
    acrValues,
    maxAge,
  };
}
