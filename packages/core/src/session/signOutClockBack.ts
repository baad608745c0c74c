/**
 * A tab's own sign-out time once its clock was set back behind it (a clock ahead, put right): that time no longer
 * orders the sign-ins made since. Session chunk only.
 */

import type { SessionState, SessionStateContext } from './sessionState.js';
import { readLoggedOutAt } from './sessionStore.js';

/**
 * Puts this tab's sign-out time, when it is ahead of the clock, back to a lower logout mark: a login made after it
 * put the mark back (`loginSession`), and every other tab adopts that sign-in; refused here by a time the clock no
 * longer orders, it would leave this tab signed out alone until a reload. The sign-ins it ended stay refused (by
 * sid); with no shared storage, or no lower mark, nothing changes.
 *
 * @example
 * ```ts
 * yieldToLaterLogin(state, context); // before any refusal by state.loggedOutAt
 * ```
 */
export function yieldToLaterLogin(state: SessionState, context: SessionStateContext): void {
  const shared = context.shared();
  if (shared === null || state.loggedOutAt <= context.now()) return;
  const mark = readLoggedOutAt(shared, context.namespace);
  if (mark >= 0 && mark < state.loggedOutAt) state.loggedOutAt = mark;
}
