/**
 * A refresh's wait for the code that validates its answer (`Fief.loadTokenValidation`), before anything is sent and
 * before the tab lock. `import()` has no timeout: a load that stalls must neither hang the callers of
 * `getAccessToken` for good nor keep this tab from the session another tab refreshed meanwhile. Part of the session's
 * chunk loaded on demand, with the refresh.
 */

import { FiefError } from '../protocol/errors.js';
import type { Fief } from '../protocol/fief.js';
import { REQUEST_TIMEOUT_MS } from '../protocol/transport.js';
import { generationMovedOn } from './sameGeneration.js';
import type { SessionKeeper } from './sessionKeeper.js';
import type { Session } from './sessionStore.js';

/** A load that takes longer than a request to Fief may is given up on (the refresh is tried again later). */
export const VALIDATION_LOAD_TIMEOUT_MS = REQUEST_TIMEOUT_MS;

/**
 * Resolves `true` once the validation code is loaded, `false` when this tab moved on from `intended` first (another
 * tab's refresh adopted, the sign-in ended); rejects with `ERR_FIEF_CHUNK_LOAD` when the load fails, and with
 * `ERR_FIEF_VALIDATION_TIMEOUT` when it is not over in time: a load that stalls may still end, and the page need not
 * be reloaded as after a failed `import()`.
 * A new revision of the same session (user info) is not moving on.
 *
 * @example
 * ```ts
 * const loaded = await tokenValidationLoaded(fief, keeper, intended); // false: keep keeper.session, no refresh
 * ```
 */
export async function tokenValidationLoaded(
  fief: Pick<Fief, 'loadTokenValidation'>,
  keeper: Pick<SessionKeeper, 'session' | 'subscribe'>,
  intended: Session,
): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const movedOn = generationMovedOn(keeper, intended);
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(
        new FiefError(
          `expected the token validation code ready within ${VALIDATION_LOAD_TIMEOUT_MS} ms, but it was not`,
          'ERR_FIEF_VALIDATION_TIMEOUT',
        ),
      );
    }, VALIDATION_LOAD_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      fief.loadTokenValidation().then(() => true),
      movedOn.moved.then(() => false),
      timedOut,
    ]);
  } finally {
    clearTimeout(timer);
    movedOn.stop();
  }
}
