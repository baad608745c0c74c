/**
 * Why `SessionKeeper.login` refuses a login's new session, in words the user can act on. Session chunk only.
 */

import { FiefAuthCallbackError } from './fiefAuthCallbackError.js';

/**
 * The error of a refused login: `signed_out` when a sign-out refuses it (`signedOut`: that sign-out stands), else
 * `clock_set_back`: its session, stamped before the code exchange was sent, claims a time to come because the clock
 * was set back since. Refusing is right (a time the clock no longer orders could outrank a later sign-out; a sign-out
 * made before the set-back no longer shows, its marks put back by the login), and signing in again works.
 *
 * @example
 * ```ts
 * if (keeper.refuses(session)) throw loginRefusal(keeper.refuses(session, Number.POSITIVE_INFINITY));
 * ```
 */
export function loginRefusal(signedOut: boolean): FiefAuthCallbackError {
  return signedOut
    ? new FiefAuthCallbackError(
        'signed_out',
        'expected to keep the new sign-in, but the user signed out while its code exchange was on its way',
      )
    : new FiefAuthCallbackError(
        'clock_set_back',
        "expected the device's clock to keep time while the code exchange was on its way, but it was set back: sign in again",
      );
}
