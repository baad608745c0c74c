/**
 * The state the session engine exposes: one immutable snapshot, replaced only when one of its values changes, so
 * that `useSyncExternalStore` (or any `===` check) re-renders exactly when something changed.
 */

import type { FiefError } from '../protocol/errors.js';
import type { FiefUserInfo } from '../protocol/types.js';

/**
 * - `loading`: the engine is finding out (refreshing a stored expired session, or asking the other tabs).
 * - `authenticated`: a session with an unexpired access token.
 * - `anonymous`: no session.
 * - `error`: no session, because the last attempt to get one failed (see `error`).
 */
export type FiefAuthStatus = 'loading' | 'authenticated' | 'anonymous' | 'error';

/** The tokens of the session, as the app sees them. The refresh token is never exposed. */
export interface FiefTokenInfo {
  readonly access_token: string;
  readonly id_token: string;
  readonly token_type: string;
  /** When the access token expires, in milliseconds since the epoch. */
  readonly expires_at: number;
  /** Scopes granted to the access token. */
  readonly scope: string[];
  /** Authentication level: `'1'` right after a login with credentials, `'0'` for a session resumed by cookie. */
  readonly acr: '0' | '1';
  /** Permissions granted to the user on this client. */
  readonly permissions: string[];
}

/** The engine's state. Immutable; a new object only when a value changed. */
export interface FiefAuthState {
  readonly status: FiefAuthStatus;
  /**
   * The user's claims (no protocol claims: see `PROTOCOL_CLAIMS` in `tokenResponse.ts`); the same object across
   * refreshes that bring equal claims.
   */
  readonly userinfo: FiefUserInfo | null;
  readonly tokenInfo: FiefTokenInfo | null;
  /**
   * Why the last attempt to get or keep a session failed (`status` `error`), why a login could not start (the status
   * stays), or why a session that still holds will not be refreshed (`ERR_FIEF_CHUNK_LOAD`, status `authenticated`).
   */
  readonly error: FiefError | null;
}

/** The state before anything is known. */
export const LOADING_STATE: FiefAuthState = Object.freeze({
  status: 'loading',
  userinfo: null,
  tokenInfo: null,
  error: null,
});

/**
 * The snapshot to expose after a change: `previous` itself when nothing changed in value; otherwise a frozen new
 * state that reuses `previous`'s `userinfo`/`tokenInfo` objects when they are equal in value. `equal` says when they
 * are: identity until the engine arrives (`SessionState.equal`), whose copies of a session may be equal in value.
 */
export function nextAuthState(
  previous: FiefAuthState,
  next: FiefAuthState,
  equal: (a: unknown, b: unknown) => boolean,
): FiefAuthState {
  const userinfo = equal(previous.userinfo, next.userinfo) ? previous.userinfo : next.userinfo;
  const tokenInfo = equal(previous.tokenInfo, next.tokenInfo) ? previous.tokenInfo : next.tokenInfo;
  if (
    previous.status === next.status &&
    userinfo === previous.userinfo &&
    tokenInfo === previous.tokenInfo &&
    previous.error === next.error
  ) {
    return previous;
  }
  return Object.freeze({ status: next.status, userinfo, tokenInfo, error: next.error });
}
