/**
 * Where no storage is shared by the tabs (no logout mark, no spent mark), the end of a sign-in (a sign-out, a refresh
 * token spent and its answer lost) is only a message: a tab that could not hear it (opened just after, in the
 * back-forward cache, or whose answer to a question was already on its way) may keep or adopt the ended session,
 * and send its dead refresh token. The tabs that know of the end tell it again whenever a message names that
 * sign-in: a question of a tab holding it, or a copy of it passed on. Part of the session's chunk.
 */

import type { SessionKeeper } from './sessionKeeper.js';
import { isNewerSession } from './sessionOrder.js';
import type { Session } from './sessionStore.js';
import type { HeldSignIn, TabMessage } from './tabTypes.js';

/**
 * How long an answer to another tab may take to land there: a later sign-in that cannot be renewed and expires
 * sooner is not one to keep an end quiet for (`tellEnded`).
 */
const ANSWER_LANDS_WITHIN_MS = 5_000;

/**
 * The question a tab asks the others for the live session, naming the sign-in it holds (`null`: none), so that a tab
 * that knows that sign-in ended answers with its end.
 *
 * @example
 * ```ts
 * tabs.post(sessionQuery(keeper.session));
 * ```
 */
export function sessionQuery(session: Session | null): TabMessage {
  const holds =
    session === null
      ? null
      : { sid: session.sid, generation: session.generation, createdAt: session.createdAt };
  return { kind: 'query', holds };
}

/**
 * Tells the other tabs again that sign-in `held` ended, when this tab knows it did (it ended here, or heard so):
 * the tab that names it missed the news. Only that sign-in, up to the generation that ended, is named: a tab
 * holding a later generation (or another sign-in) keeps it. `true` when it told.
 *
 * @example
 * ```ts
 * const told = tellEnded(keeper, candidate, post); // candidate: the session another tab sent
 * ```
 */
export function tellEnded(
  keeper: SessionKeeper,
  held: HeldSignIn,
  post: (message: TabMessage) => void,
): boolean {
  const endedUpTo = keeper.endedUpTo(held);
  if (endedUpTo === null || held.generation > endedUpTo) return false;
  // Every generation ended, yet this tab holds that sign-in and uses it: the creation time named is wrong (a message
  // from a buggy tab, a clock set back), and telling the end would sign every tab out of a live sign-in.
  const own = keeper.session;
  const live = own !== null && !keeper.refuses(own);
  if (endedUpTo === Number.POSITIVE_INFINITY && own?.sid === held.sid && live) return false;
  // Generations spent of a sign-in this tab has since replaced with a later one (not a sign-out): the tab that names
  // one adopts the later sign-in (this tab answers its question with it; a tab that adopts a copy asks before it
  // spends); told the end first, it would show signed out for a moment. Not one it would refuse (expired, with no
  // refresh token): it would keep its own, and spend it again; nor one that expires before the answer surely lands
  // there (the asker decides then), which the asker would soon lose anyway.
  const later =
    own !== null &&
    own.sid !== held.sid &&
    keeper.usable(own, ANSWER_LANDS_WITHIN_MS) &&
    isNewerSession(own, { ...held, revision: 0 });
  if (endedUpTo !== Number.POSITIVE_INFINITY && later) return false;
  // A later generation of that same sign-in, held here (another tab's refresh of the one named): told first, so that
  // a tab holding an earlier one adopts it, and the end of the earlier ones then leaves it alone. Told the end alone,
  // that tab would show signed out until a session came (two tabs that sent one refresh token, past the lease).
  if (
    live &&
    own.sid === held.sid &&
    own.generation > held.generation &&
    keeper.usable(own, ANSWER_LANDS_WITHIN_MS)
  )
    post({ kind: 'session', session: own });
  post({
    kind: 'logout',
    sid: held.sid,
    // Every generation (a sign-out): `null`, as a JSON message cannot say `Infinity`.
    generation: endedUpTo === Number.POSITIVE_INFINITY ? null : endedUpTo,
    ended: null,
  });
  return true;
}

/**
 * Whether `candidate`, another tab's session, is one this tab refuses (ended here, or expired with no refresh token)
 * that may have kept the end of the sign-in `held` here quiet: a later sign-in. Its sender keeps quiet (`tellEnded`)
 * trusting this tab to adopt it; refused (its end heard here and not there yet, or expired on its way: the answer
 * landed late), this tab would keep a generation spent there, sure to have heard everything. Asked again before it
 * spends, the sender tells the end, if there is one.
 *
 * @example
 * ```ts
 * if (mayHideAnEnd(keeper, candidate, keeper.session)) tabs.behind();
 * ```
 */
export function mayHideAnEnd(keeper: SessionKeeper, candidate: Session, held: Session | null): boolean {
  return (
    held !== null &&
    candidate.sid !== held.sid &&
    isNewerSession(candidate, held) &&
    !keeper.usable(candidate)
  );
}
