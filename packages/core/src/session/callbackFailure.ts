/**
 * How a failed callback ends, whichever chunk words its error: the session's (`callbackCompletion.ts`), or the entry's
 * fallback when that chunk does not load (`runCallback` in `loginCallback.ts`). One rule for both, so that they cannot
 * drift apart.
 */

import { cleanAddressBar } from './addressBar.js';
import type { FiefAuthCallbackError } from './fiefAuthCallbackError.js';
import type { LoginContext } from './loginContext.js';
import type { SessionState } from './sessionState.js';

/**
 * Cleans the address bar, sets the `error` status when the tab has no session (a session it held stays), logs
 * `callback.failed`, and throws `error`.
 *
 * @example
 * ```ts
 * endFailedCallback(context, state, error); // throws error
 * ```
 */
export function endFailedCallback(
  context: Pick<LoginContext, 'log'>,
  state: SessionState,
  error: FiefAuthCallbackError,
): never {
  cleanAddressBar();
  if (state.session === null) state.fail(error, 'error');
  context.log({ type: 'callback.failed', code: error.code, reason: error.reason });
  throw error;
}
