/**
 * What a refresh that brought no usable session does: ends the sign-in in every tab (the refresh token is spent or
 * refused, or another tab's answer was lost), or records the failure and plans the retry, backing off. Part of the
 * session's chunk loaded on demand, with the refresh (`sessionRefresher.ts`).
 */

import { FiefError, FiefRequestError } from '../protocol/errors.js';
import type { RefreshHost } from './refreshHost.js';
import { isSameGeneration } from './sameGeneration.js';
import { compareSessions } from './sessionOrder.js';
import { isSessionValid, type Session } from './sessionStore.js';

/** Retry delays after a refresh failed for another reason than a refused refresh token. */
const RETRY_MIN_MS = 2_000;
const RETRY_MAX_MS = 60_000;

/** How long to wait before the next attempt after `retries` failures in a row. */
export function retryDelayMs(retries: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** retries);
}

/** The error of an answer whose access token expired on its way (a token lifetime shorter than the request). */
export function expiredOnArrival(): FiefError {
  return new FiefError(
    "expected an access token still valid when Fief's answer arrived, but its lifetime is shorter than the request",
    'ERR_FIEF',
  );
}

/**
 * Another tab's answer to the refresh token of `current` never came (it closed, or its answer was lost): Fief rotated
 * that refresh token, and sending it again would be refused and revoke the sign-in everywhere. The sign-in ends in
 * every tab instead.
 */
export function refreshLost(host: RefreshHost, current: Session): null {
  const error = new FiefError(
    'expected the session another tab refreshed, but it never arrived',
    'ERR_FIEF_REFRESH_LOST',
  );
  host.keeper.end({ broadcast: true, upTo: current, error });
  host.log({ type: 'refresh.failed', code: error.code, retryAt: null });
  return null;
}

/**
 * Whether Fief refused the refresh in a way no retry changes: `invalid_grant` (the refresh token is spent, expired or
 * unknown), or `invalid_scope` (the engine's `scope` asks for more than the refresh token was granted, as after a
 * release that added a scope: Fief refuses it at every try, `fief/dependencies/token.py`).
 */
const isRefusedForGood = (cause: unknown): boolean =>
  cause instanceof FiefRequestError && (cause.error === 'invalid_grant' || cause.error === 'invalid_scope');

/**
 * @param spent - Whether Fief may have used the refresh token (it answered 2xx, or refused it as `invalid_grant`):
 *   then the sign-in cannot go on, and it ends in every tab. Otherwise the refresh is tried again later.
 */
export function refreshFailed(
  host: RefreshHost,
  current: Session,
  cause: unknown,
  spent: boolean,
): Session | null {
  const { keeper } = host;
  const error =
    cause instanceof FiefError
      ? cause
      : new FiefError('expected to refresh the session, but it failed', 'ERR_FIEF', { cause });
  if (spent || isRefusedForGood(cause)) {
    // Unless the session moved on meanwhile (another tab refreshed it: keep that one), it is over in every tab.
    const latest = keeper.session;
    if (isSameGeneration(latest, current)) {
      keeper.end({ broadcast: true, upTo: current, error });
    } else {
      // Moved on (another sign-in adopted while the request was on its way): nothing else remembers that this
      // generation's refresh token is spent. A tab that still holds it (its provider unmounted meanwhile) is told.
      keeper.endUpTo(current.sid, current.generation);
    }
    host.log({ type: 'refresh.failed', code: error.code, retryAt: null });
    return keeper.session;
  }
  // A user-info change meanwhile made a new revision of the same generation: it still needs the retry.
  const latest = keeper.session;
  if (latest === null || compareSessions(latest, { ...current, revision: Infinity }) > 0) return latest;
  const now = host.now();
  keeper.fail(error, isSessionValid(latest, now) ? keeper.status : 'error');
  if (host.started()) {
    const delay = retryDelayMs(host.retries);
    host.retries += 1;
    const expiresAt = latest.tokenInfo.expires_at;
    const retryAt = now < expiresAt ? Math.min(now + delay, expiresAt) : now + delay;
    host.log({ type: 'refresh.failed', code: error.code, retryAt });
    host.schedule(retryAt);
  }
  return latest;
}
