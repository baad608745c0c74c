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
 * How far the clock may drift from the page's monotonic clock (slewed by time synchronization) without having been set
 * back: below it, the sign-out's time stays as it was.
 */
const CLOCK_DRIFT_MS = 1_000;

/**
 * Puts this tab's sign-out time back when the clock was set back since: a login made after it may claim an earlier
 * time. With shared storage, and the time ahead of the clock, to a lower logout mark: a login made after it put the
 * mark back (`loginSession`), and every other tab adopts that sign-in; refused here by a time the clock no longer
 * orders, it would leave this tab signed out alone until a reload. With no lower mark, nothing changes. With no shared
 * storage there is no mark to say that a login came since: the time becomes the sign-out's moment as the clock names
 * it now (the page's monotonic clock says how long ago it was), before any login made since; unknown (signed out
 * before the engine arrived), it is dropped once ahead of the clock. That moment is checked whenever the time is used,
 * not only while the clock is behind it: a page away (back-forward cache, frozen) while the clock was behind, back
 * once the clock passed the sign-out again, would refuse a login made meanwhile and tell every tab it ended. Kept,
 * every tab that signed out or heard so would refuse a login made after the clock was set back; dropped, a sign-in
 * made before the sign-out that this tab never held (a page back from the back-forward cache) would be adopted again.
 * The sign-ins it ended stay refused (by sid). The time only moves earlier: a machine asleep stops the monotonic clock
 * on some platforms, and the moment named through it comes later than the sign-out was.
 *
 * @example
 * ```ts
 * yieldToLaterLogin(state, context); // before any refusal by state.loggedOutAt
 * ```
 */
export function yieldToLaterLogin(state: SessionState, context: SessionStateContext): void {
  const now = context.now();
  const ahead = state.loggedOutAt > now;
  const shared = context.shared();
  if (shared === null) {
    const known = signOutMoments.get(state);
    if (known === undefined || known.at !== state.loggedOutAt || known.at < 0) {
      if (!ahead) return;
      state.loggedOutAt = -1;
      if (known !== undefined) known.at = -1;
      return;
    }
    const named = now - (performance.now() - known.moment);
    if (!ahead && named >= state.loggedOutAt - CLOCK_DRIFT_MS) return;
    state.loggedOutAt = Math.min(now, named);
    known.at = state.loggedOutAt;
    return;
  }
  if (!ahead) return;
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
 * if (isLaterSignIn(keeper.session, message.ended)) return;
 * ```
 */
export function isLaterSignIn(session: Session, ended: SignInId): boolean {
  return session.sid !== ended.sid && session.createdAt > ended.createdAt;
}
