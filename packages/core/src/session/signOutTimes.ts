/**
 * This tab's sign-out time (`SessionState.loggedOutAt`), which refuses the sessions created at or before it: set by a
 * sign-out heard from another tab, and put back once the clock was set behind it. Session chunk only.
 */

import type { SessionState, SessionStateContext } from './sessionState.js';
import { readLoggedOutAt, type Session } from './sessionStore.js';
import type { SignInId } from './tabTypes.js';

/**
 * When each page's sign-out time (`SessionState.loggedOutAt`) was, on the page's monotonic clock (`performance.now()`,
 * which a wall clock set back does not move): the value it was recorded for, and that moment.
 */
const signOutMoments = new WeakMap<SessionState, { at: number; moment: number }>();

/**
 * This tab signed out at `now` (its clock): a sign-in created at or before it is refused from now on.
 *
 * @example
 * ```ts
 * signedOutAt(state, context.now());
 * ```
 */
export function signedOutAt(state: SessionState, now: number): void {
  state.loggedOutAt = now;
  signOutMoments.set(state, { at: now, moment: performance.now() });
}

/**
 * Puts this tab's sign-out time, when it is ahead of the clock, back to a lower logout mark: a login made after it
 * put the mark back (`loginSession`), and every other tab adopts that sign-in; refused here by a time the clock no
 * longer orders, it would leave this tab signed out alone until a reload. With no lower mark, nothing changes. With
 * no shared storage there is no mark to say that a login came since: the time becomes the sign-out's moment as the
 * clock names it now (the page's monotonic clock says how long ago it was), before any login made since; unknown
 * (signed out before the engine arrived), it is dropped. Kept, every tab that signed out or heard so would refuse a
 * login made after the clock was set back until the clock passes the sign-out again; dropped, a sign-in made before
 * the sign-out that this tab never held (a page back from the back-forward cache) would be adopted again. The
 * sign-ins it ended stay refused (by sid).
 *
 * @example
 * ```ts
 * yieldToLaterLogin(state, context); // before any refusal by state.loggedOutAt
 * ```
 */
export function yieldToLaterLogin(state: SessionState, context: SessionStateContext): void {
  const now = context.now();
  if (state.loggedOutAt <= now) return;
  const shared = context.shared();
  if (shared === null) {
    const known = signOutMoments.get(state);
    const at = known?.at === state.loggedOutAt ? Math.min(now, now - (performance.now() - known.moment)) : -1;
    state.loggedOutAt = at;
    if (known !== undefined) known.at = at;
    return;
  }
  const mark = readLoggedOutAt(shared, context.namespace);
  if (mark >= 0 && mark < state.loggedOutAt) state.loggedOutAt = mark;
}

/**
 * Another tab signed out of every sign-in at `at` (its clock; now at the latest): a sign-in created before it is
 * refused here from now on, among them a login whose code exchange was on its way (with no logout mark shared, this
 * tab has nothing else to tell it that the user signed out after the exchange was sent).
 *
 * @example
 * ```ts
 * heardSignOutAt(state, context, message.ended.createdAt);
 * ```
 */
export function heardSignOutAt(state: SessionState, context: SessionStateContext, at: number): void {
  const now = context.now();
  const heard = Math.min(at, now);
  if (heard > state.loggedOutAt)
    signOutMoments.set(state, { at: heard, moment: performance.now() - (now - heard) });
  state.loggedOutAt = Math.max(state.loggedOutAt, heard);
}

/**
 * Whether `session` is another sign-in than `ended`, created after the sign-out (at it: refused, as by the mark): a
 * sign-out message that waited for its sender's link to open leaves it be.
 *
 * @example
 * ```ts
 * const leaveBe = keeper.session !== null && isLaterSignIn(keeper.session, message.ended);
 * ```
 */
export function isLaterSignIn(session: Session, ended: SignInId): boolean {
  return session.sid !== ended.sid && session.createdAt > ended.createdAt;
}
