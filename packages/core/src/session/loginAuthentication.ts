/**
 * The checks of a login's ID token that depend on how the login was started (step-up `acr_values`, `max_age`), run
 * once the token response is validated. Part of the chunk loaded on demand (`sessionFlows.ts`), which loads while
 * the token request is on its way: the checks before that request are in `loginCallback.ts`.
 */

import { describe } from '../protocol/json.js';
import { FiefAuthCallbackError } from './fiefAuthCallbackError.js';
import type { PendingLogin } from './pendingLogin.js';

/**
 * Levels of `acr` Fief issues, lowest first (as `FiefACR` in `acr.ts`). Not imported: a file both lazy chunks import
 * becomes a chunk of its own under esbuild, fetched after either, one more request in series on the callback.
 */
const ACR_LEVELS: readonly string[] = ['0', '1'];
const acrRank = (value: unknown): number => (typeof value === 'string' ? ACR_LEVELS.indexOf(value) : -1);

/**
 * OIDC Core 3.1.3.7 (12, 13): the ID token's `acr` must meet the `acr_values` asked for (step-up), and its
 * `auth_time` must be within the `max_age` asked for.
 *
 * @throws {@link FiefAuthCallbackError} `acr_too_low` or `max_age_exceeded`.
 *
 * @example
 * ```ts
 * checkAuthentication(pending, claims, Date.now());
 * ```
 */
export function checkAuthentication(
  pending: PendingLogin,
  claims: Record<string, unknown>,
  now: number,
): void {
  if (pending.acrValues !== null) {
    const asked = Math.max(...pending.acrValues.split(' ').map(acrRank));
    const got = acrRank(claims.acr);
    if (got < asked) {
      throw new FiefAuthCallbackError(
        'acr_too_low',
        `expected an acr of at least ${describe(pending.acrValues)}, found ${describe(claims.acr)}`,
      );
    }
  }
  if (pending.maxAge !== null) {
    const authTime = claims.auth_time;
    if (
      typeof authTime !== 'number' ||
      now - authTime * 1000 > (pending.maxAge + MAX_AGE_TOLERANCE_S) * 1000
    ) {
      throw new FiefAuthCallbackError(
        'max_age_exceeded',
        `expected an auth_time within ${pending.maxAge} s, found ${typeof authTime === 'number' ? 'an older one' : 'none'}`,
      );
    }
  }
}

/** Clock tolerance on `auth_time`, as on the other time claims. */
const MAX_AGE_TOLERANCE_S = 60;
