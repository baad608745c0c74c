/**
 * The fields of a stored pending login that only the checks after the token request read (`returnTo`, `acrValues`,
 * `maxAge`), checked in the session's chunk: the entry chunk's parser (`pendingLogin.ts`) checks only what the token
 * request and the checks before it use. Stored data is untrusted: a record whose fields are not what
 * `redirectToLogin` wrote is not ours, and nothing of its login is kept.
 */

import type { PendingLogin, StoredPendingLogin } from './pendingLogin.js';

/**
 * `stored` with its last fields checked, or `null` when one is not what `redirectToLogin` wrote: `returnTo` a path,
 * `acrValues` a string or `null`, `maxAge` a non-negative integer or `null`.
 *
 * @example
 * ```ts
 * const pending = checkPendingLoginRest(stored);
 * if (pending === null) throw new Error('not a login redirectToLogin started');
 * ```
 */
export function checkPendingLoginRest(stored: StoredPendingLogin): PendingLogin | null {
  const { returnTo, acrValues, maxAge } = stored;
  if (typeof returnTo !== 'string' || !returnTo.startsWith('/')) return null;
  if (acrValues !== null && typeof acrValues !== 'string') return null;
  if (maxAge !== null && !(typeof maxAge === 'number' && Number.isSafeInteger(maxAge) && maxAge >= 0))
    return null;
  return { ...stored, returnTo, acrValues, maxAge };
}
