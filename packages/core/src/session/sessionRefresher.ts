/**
 * One refresh across every tab: under the origin-wide lock, read the latest session again; if another tab refreshed
 * it meanwhile (its generation moved, or the shared mark says its refresh token is spent), adopt that one instead of
 * sending a refresh token that no longer exists. Fief deletes a refresh token when it is used: a resent one is
 * refused, and the tab refused must then wait for the session of the tab Fief answered (`spentBeside.ts`); a server
 * that revokes the grant on reuse ends the sign-in everywhere.
 *
 * Part of the session's chunk loaded on demand (`sessionFlows.ts`): rendering a signed-in app after a reload needs
 * none of it.
 */

import { randomId } from '../protocol/crypto.js';
import { FiefRequestError } from '../protocol/errors.js';
import { tokenRequestFailures } from '../protocol/tokenRequest.js';
import { refreshDueAt } from './refreshDue.js';
import { expiredOnArrival, refreshFailed, refreshLost } from './refreshFailure.js';
import type { RefreshHost } from './refreshHost.js';
import { isSameGeneration } from './sameGeneration.js';
import { mergeRefresh } from './sessionOrder.js';
import { isSessionValid, loadSession, type Session } from './sessionStore.js';
import { refreshedSession } from './sessionTokens.js';
import { awaitAnswerBeside, spendingWhile } from './spentBeside.js';
import {
  markRefreshAnswered,
  markRefreshSpent,
  type SpentRefreshMark,
  unmarkRefreshSpent,
} from './spentRefreshMark.js';
import { heardNewerSession, spentMarkElsewhere, waitForNewerSession } from './spentRefreshWait.js';
import { type HeldLock, withTabLock } from './tabLock.js';
import { NEWS_LANDED_MS } from './tabSync.js';
import { tokenValidationLoaded } from './tokenValidationWait.js';

/** How many times a tab not caught up with the others asks them before it spends a refresh token unmarked. */
const MAX_ASKS_BEFORE_SPENDING = 2;

/**
 * Refreshes `intended` unless another tab did; resolves with the session this tab holds after.
 *
 * @example
 * ```ts
 * const session = await refreshSession(host, intended);
 * ```
 */
export async function refreshSession(
  host: RefreshHost,
  intended: Session,
  force = false,
): Promise<Session | null> {
  // Heard from the start, disposed or not: a sign-out meanwhile ends the session before its refresh token is sent,
  // or refuses Fief's answer before it is adopted. Let go, a stopped engine whose session came from a refresh goes
  // on answering the tabs (`TabLink`): another tab may hold only the refresh token this one spent.
  host.tabs(); // makes the link that `hear` holds
  const stopHearing = host.hear();
  try {
    return await refreshHeard(host, intended, force);
  } finally {
    stopHearing();
  }
}

async function refreshHeard(host: RefreshHost, intended: Session, force: boolean): Promise<Session | null> {
  try {
    // Were the code that validates the answer to fail to load after Fief answered (a deploy removed it), the refresh
    // token Fief rotated would be lost, and the sign-in with it. Loaded before the lock: a load that takes long must
    // not hold back the other tabs' refreshes.
    if (!(await tokenValidationLoaded(host.fief, host.keeper, intended))) return host.keeper.session;
  } catch (cause) {
    return refreshFailed(host, intended, cause, false);
  }
  const asked = host.now();
  const news = { onItsWay: false };
  let answer: (outcome: Session | null | SpentElsewhere) => void = () => {};
  const answered = new Promise<Session | null | SpentElsewhere>((resolve) => {
    answer = resolve;
  });
  const locked = withTabLock(host.tabs(), async (lock) => {
    const outcome = await refreshLocked(host, intended, force, lock, asked, news);
    answer(outcome);
    // Spent (refreshed, or the sign-in ended): the next tab in the lock learns it from the broadcast or the spent mark,
    // and either may be slower than the lock (`localStorage` on a starved machine reaches other tabs late). The lock is
    // held until the news landed (a dispose does not cut this: the news is on its way all the same). The caller has
    // its outcome already.
    if (news.onItsWay) await new Promise((resolve) => setTimeout(resolve, NEWS_LANDED_MS));
    return outcome;
  });
  const outcome = await Promise.race([answered, locked]);
  return outcome instanceof SpentElsewhere ? awaitOtherTab(host, outcome.session) : outcome;
}

/** The spent mark says another tab sent the refresh token of `current` and has no answer yet. */
function isUnanswered(mark: SpentRefreshMark | null, current: Session): boolean {
  return mark?.answered === false && mark.generation === current.generation;
}

/** Another tab sent the refresh token of `session`: its answer is awaited once the lock is released. */
class SpentElsewhere {
  constructor(readonly session: Session) {}
}

/** The refresh under the lock: adopt what another tab refreshed, or send the refresh token. */
async function refreshLocked(
  host: RefreshHost,
  intended: Session,
  force: boolean,
  lock: HeldLock,
  asked: number,
  news: { onItsWay: boolean },
): Promise<Session | null | SpentElsewhere> {
  const { keeper } = host;
  host.log({ type: 'refresh.locked', waitedMs: host.now() - asked });
  // With a storage shared by the tabs (`localStorage`), another tab may have written a newer session there.
  const stored = loadSession(host.storage, host.namespace, host.fief.clientId);
  if (stored !== null) keeper.offer(stored, { broadcast: false });
  const current = keeper.session;
  if (current === null || !isSameGeneration(current, intended)) {
    if (current !== null) host.log({ type: 'refresh.adopted', generation: current.generation });
    return current;
  }
  if (keeper.refuses(current)) {
    // Signed out in another tab while this one was closed or asleep.
    keeper.end({ broadcast: false, upTo: current, error: null });
    return null;
  }
  // Stored, a later generation of this sign-in that expired without a refresh token (Fief refreshed it without one):
  // this generation's refresh token was spent for it, and the sign-in ended quietly where it was held.
  const spentFor = stored?.sid === current.sid && stored.generation > current.generation ? stored : null;
  if (spentFor?.refreshToken === null && !isSessionValid(spentFor, host.now())) {
    keeper.end({ broadcast: false, upTo: spentFor, error: null });
    return null;
  }
  const refreshToken = current.refreshToken;
  if (refreshToken === null) return current;
  if (!force && host.now() < refreshDueAt(current, host.marginMs)) {
    host.gaveUp('not due');
    return current;
  }
  const shared = host.shared();
  const mark = {
    sid: current.sid,
    generation: current.generation,
    by: host.tabId,
    answered: false,
    attempt: randomId(),
  };
  let spentMark = spentMarkElsewhere(host, current);
  // With a Web Lock, the tab that spent this refresh token held the lock until it had Fief's answer, and the news had
  // time to land: that its mark still reads unanswered here means the tab went away with its request (closed,
  // navigated, discarded), and the answer with it, unless `localStorage` is slower than the news. The news is awaited
  // once more before the sign-in is given up. (A later generation's mark: another tab may still hold that generation,
  // and is asked for it below.)
  if (lock.releasedWithTab && isUnanswered(spentMark, current)) {
    const seen = spentMark?.attempt;
    if (await heardNewerSession(host, current, NEWS_LANDED_MS)) return keeper.session;
    spentMark = spentMarkElsewhere(host, current);
    // Another attempt marked meanwhile: this tab no longer holds the lock (its tab closed during the wait, releasing
    // it), and a live tab sends that refresh token now. Its answer is awaited below, as for any mark.
    if (isUnanswered(spentMark, current) && spentMark?.attempt === seen) return refreshLost(host, current);
  }
  if (spentMark !== null) {
    // Another tab sent this refresh token: its new session is on its way here. It is awaited with the lock
    // released: that tab may need the lock to refresh again before it can answer (its session expired too).
    return new SpentElsewhere(current);
  }
  // The discovery document stored with the session: no discovery request before the token request.
  if (current.discovery !== undefined) host.fief.setOpenIDConfiguration(current.discovery);
  try {
    await host.fief.getOpenIDConfiguration();
  } catch (cause) {
    // Nothing was sent: the refresh token is still good.
    return refreshFailed(host, current, cause, false);
  }
  // A tab closing, or an app unmounting its provider, disposes the engine: from then on its answer would reach
  // no other tab, so it must not spend the refresh token (the next tab to refresh will). A lease that expired
  // while the machine slept may be another tab's now: try again later rather than spend the token beside it.
  const mayStillSpend = (): boolean => {
    if (!host.abandoned() && lock.held()) return true;
    host.gaveUp(host.abandoned() ? 'abandoned' : 'lease lost');
    return false;
  };
  if (!mayStillSpend()) return current;
  const marked = shared !== null && markRefreshSpent(shared, host.namespace, mark);
  // Once spent, a Web Lock is held until the news landed (see `refreshHeard`); without one, nobody waits on this tab,
  // and a tab that cannot reach the others has no news to send.
  const newsOnItsWay = (): boolean => lock.releasedWithTab && host.tabs().connected;
  // No mark the other tabs can find (no shared storage, or a full one): only the broadcast tells of another tab's
  // refresh, which a disposed engine did not hear, nor one whose provider mounted again a moment ago (due at once, it
  // gets here before the answers to the question its link asked on opening). Unless it has heard the tabs since
  // before their answers to a question of its own, it asks them before it spends.
  // An answer refused during that wait (`mayHideAnEnd`: a later sign-in ended here, its sender not told yet) puts the
  // link behind again: its sender kept this generation's end quiet, and tells it when asked again. Asked once more at
  // most: a tab answering every question so would keep this one from ever refreshing.
  const tabs = host.tabs();
  for (
    let questions = 0;
    questions < MAX_ASKS_BEFORE_SPENDING && !marked && tabs.connected && !tabs.caughtUp;
    questions++
  ) {
    if (await heardNewerSession(host, current, NEWS_LANDED_MS)) return keeper.session;
    // Disposed during the wait (its tab closing), as before it: its answer would reach no tab.
    if (!mayStillSpend()) return current;
  }
  host.log({ type: 'refresh.started', generation: current.generation, forced: force });
  const obtainedAt = host.now();
  try {
    const request = async (): Promise<Session> => {
      const [tokens, claims] = await host.fief.authRefreshToken(refreshToken, host.scope);
      return refreshedSession(host.fief, current, tokens, claims, obtainedAt);
    };
    // Another tab may send this refresh token beside this one (no lock, or past the lease's bound): told so when it
    // asks, and refused by Fief, it waits for this answer (`spentBeside.ts`).
    const next = await spendingWhile(tabs, current, request);
    // An answer that expired on its way (a token lifetime shorter than the request) counts as a failure: the next
    // refresh backs off, rather than asking every second, and the status says there is no valid token.
    const arrivedValid = isSessionValid(next, host.now());
    host.retries = arrivedValid ? 0 : host.retries + 1;
    // Applied to the latest copy: user info that changed while the request was on its way is not lost, nor is
    // the refresh token Fief just issued.
    const merged = mergeRefresh(current, next, keeper.session);
    if (merged !== null) keeper.offer(merged, { broadcast: true });
    // Dropped (another sign-in was adopted while the request was on its way): nothing else remembers that this
    // generation's refresh token is spent. A tab that still holds it (back from the back-forward cache) is told.
    if (keeper.session?.sid !== current.sid) keeper.endUpTo(current.sid, current.generation);
    if (!arrivedValid && keeper.session === merged) keeper.fail(expiredOnArrival(), 'error');
    if (marked) markRefreshAnswered(shared, host.namespace, mark);
    news.onItsWay = newsOnItsWay();
    host.log({ type: 'refresh.succeeded', generation: next.generation });
    return keeper.session;
  } catch (cause) {
    const failure = tokenEndpointFailure(cause);
    // No answer (the token request's own fetch failed), or an error answer of the token endpoint (RFC 6749 §5.2)
    // that issues no tokens: as far as anyone can tell the refresh token was not used, so the other tabs may send
    // it too (this one retries). Left marked, it would make the next tab wait for a session that never comes,
    // holding the lock, then end the sign-in everywhere. Any other failure comes after Fief answered 2xx (body
    // cut off or malformed, JWKS or validation failed): it may have rotated the refresh token, and its successor
    // is lost. Never send that refresh token again. A refused one (`invalid_grant`) ends the sign-in anyway.
    const spent = failure === null || (failure.code !== 'ERR_FIEF_NETWORK' && failure.status < 400);
    const withdrawn = !spent && failure.error !== 'invalid_grant';
    // Kept, the mark says the answer came: the end of the sign-in goes to the other tabs next.
    if (marked) (withdrawn ? unmarkRefreshSpent : markRefreshAnswered)(shared, host.namespace, mark);
    // That news keeps the next tab in the lock from sending this refresh token again.
    news.onItsWay = !withdrawn && newsOnItsWay();
    // Another tab may have sent this refresh token too: no lock at all, a lease whose writes reached the tabs later
    // than its settle, or, even under a Web Lock with the spent mark, news and a mark slower than the lock is held
    // for. Fief answered that tab first and deleted the token. Its new session is on its way here; heard, it is
    // kept, and the sign-in goes on. A sign-in Fief revoked ends a few seconds later (`spentBeside.ts`).
    if (failure?.error === 'invalid_grant') await awaitAnswerBeside(host, current);
    return refreshFailed(host, current, cause, spent);
  }
}

/**
 * Waits for the session another tab refreshed from `current`; when it never comes, ends the sign-in.
 */
async function awaitOtherTab(host: RefreshHost, current: Session): Promise<Session | null> {
  const adopted = await waitForNewerSession(host, current);
  // The other tab withdrew its mark: its request got no answer, and the refresh token is still good. A new revision
  // of the same generation (user info) is not the answer awaited.
  const arrived = adopted === null || !isSameGeneration(adopted, current);
  if (arrived || spentMarkElsewhere(host, current) === null) {
    if (adopted !== null && arrived) host.log({ type: 'refresh.adopted', generation: adopted.generation });
    return adopted;
  }
  return refreshLost(host, current);
}

/**
 * `error` when it is the failure of a token request itself (no answer, or the token endpoint's own answer), else
 * `null`: a failure thrown after the token endpoint answered (JWKS, discovery, validation) is not one.
 */
function tokenEndpointFailure(error: unknown): FiefRequestError | null {
  return error instanceof FiefRequestError && tokenRequestFailures.has(error) ? error : null;
}
