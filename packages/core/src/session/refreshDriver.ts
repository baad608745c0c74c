/**
 * When this tab refreshes: the session check that runs when the timer fires, the tab is shown or the page comes
 * back, and the single-flight refresh of this tab. The refresh itself (the lock, the other tabs, Fief) is in
 * `sessionRefresher.ts`. Both are part of the session's chunk loaded on demand, driven by `sessionEngine.ts`.
 */

import { isRefreshDue, MIN_REFRESH_INTERVAL_MS, refreshDueAt } from './refreshDue.js';
import { retryDelayMs } from './refreshFailure.js';
import type { GaveUpReason, RefreshHost } from './refreshHost.js';
import { RefreshScheduler } from './refreshScheduler.js';
import { isSameGeneration } from './sameGeneration.js';
import { refreshSession } from './sessionRefresher.js';
import { isSessionValid, type Session } from './sessionStore.js';

/** What the driver needs from the engine: everything a refresh needs, but the timer, which it owns. */
export type RefreshDriverContext = Omit<RefreshHost, 'retries' | 'schedule' | 'abandoned' | 'gaveUp'> & {
  /** The timer fired long after its time: the machine slept, and the page may have missed messages. */
  woke(): void;
};

/** A timer this late means the machine slept (a throttled background tab fires within a minute or so). */
const WOKE_LATENESS_MS = 90_000;

/**
 * Refreshes after the one asked for, when each brought another session still expired: an answer that landed expired,
 * then another sign-in's session adopted as expired.
 */
const FOLLOW_UP_REFRESHES = 2;

/** Decides when to refresh, and runs one refresh at a time in this tab. */
export class RefreshDriver {
  readonly #context: RefreshDriverContext;
  readonly #scheduler: RefreshScheduler;
  readonly #host: RefreshHost;
  #refreshing: Promise<Session | null> | null = null;
  /** The refresh in flight: what it began from, and whether it gave up or found nothing due (it sent nothing). */
  #run: RefreshRun = { from: null, force: false, gaveUp: null };
  /** The sign-in and generation the last check saw. */
  #seen: Pick<Session, 'sid' | 'generation'> | null = null;

  constructor(context: RefreshDriverContext) {
    this.#context = context;
    this.#scheduler = new RefreshScheduler(
      (lateMs) => {
        // Woken, the page resumes; the check does not wait for it (its chunk may fail on a network not back yet).
        if (lateMs > WOKE_LATENESS_MS) context.woke();
        this.check();
      },
      () => context.now(),
    );
    this.#host = {
      ...context,
      retries: 0,
      abandoned: () => false,
      gaveUp: () => {},
      schedule: (at) => this.#schedule(at),
    };
  }

  /** Refreshes when due, ends an expired session without a refresh token, else plans the next check. */
  check(): void {
    const { keeper } = this.#context;
    const session = keeper.session;
    const now = this.#context.now();
    // A session another tab refreshed, or a new sign-in: the next failure backs off from the start again. Unless it
    // expired on its way (see `refreshLocked`).
    if (session !== null && !isSameGeneration(this.#seen, session)) {
      if (isSessionValid(session, now)) this.#host.retries = 0;
      this.#seen = session;
    }
    // A disposed engine (its tab closed, its provider unmounted) refreshes only when asked (`getAccessToken`): its
    // answer would reach no other tab.
    if (session === null || !this.#context.started()) return;
    if (session.refreshToken !== null) {
      // Loaded now, from the deploy this page came with: a later deploy may remove it from the server.
      this.#context.fief.loadTokenValidation().catch(() => {});
      // Answers that expired on their way back off as failures do.
      const { retries } = this.#host;
      const backoff = retries > 0 ? session.obtainedAt + retryDelayMs(retries - 1) : 0;
      const dueAt = Math.max(refreshDueAt(session, this.#context.marginMs), backoff);
      // A failed refresh is recorded in the snapshot and tried again (see `sessionRefresher.ts`): nothing to report.
      if (now >= dueAt) this.#refresh().catch(() => {});
      else this.#schedule(dueAt);
    } else if (!isSessionValid(session, now)) {
      keeper.end({ broadcast: false, upTo: session, error: null });
    } else {
      this.#scheduler.schedule(session.tokenInfo.expires_at);
    }
  }

  /** Whether the session is due for a refresh now. */
  isDue(session: Session): boolean {
    return isRefreshDue(session, this.#context.now(), this.#context.marginMs);
  }

  /**
   * Refreshes the session for the app (`getAccessToken`), once at a time in this tab (callers share the promise).
   * `force`: even when not due (an API refused the access token); a newer session from another tab is adopted
   * instead, as always. While a failed refresh waits for its planned retry (the session expired, `error`), that retry
   * or the page coming back online refreshes: a call does not wait out an attempt of its own, unless forced.
   * `startedBefore`: whether the engine ran when the refresh was asked for (its chunk may have loaded since): a
   * refresh asked of a running engine that was disposed since is abandoned; a disposed engine has no retry planned.
   */
  refresh(force = false, startedBefore = this.#context.started()): Promise<Session | null> {
    const { keeper } = this.#context;
    const intended = keeper.session;
    if (!force && startedBefore && keeper.status === 'error') return Promise.resolve(intended);
    return this.#refresh(force, startedBefore).then((session) =>
      this.#validAfter(intended, session, startedBefore, FOLLOW_UP_REFRESHES),
    );
  }

  /**
   * What a refresh from `from` brought, for the app, which waits for a token: when it is another session, expired (an
   * answer that landed expired, the machine asleep while it was on its way; or another sign-in adopted meanwhile,
   * whose tokens expired too: the user signed in again in a tab, and the machine slept since), it is refreshed in
   * turn, up to `left` times, as long as each refresh brings another session.
   */
  async #validAfter(
    from: Session | null,
    session: Session | null,
    startedBefore: boolean,
    left: number,
  ): Promise<Session | null> {
    if (left === 0 || session === null || from === null || isSameGeneration(session, from)) return session;
    if (isSessionValid(session, this.#context.now())) return session;
    return this.#validAfter(session, await this.#refresh(false, startedBefore), startedBefore, left - 1);
  }

  #refresh(force = false, startedBefore = this.#context.started()): Promise<Session | null> {
    const intended = this.#context.keeper.session;
    if (intended === null || intended.refreshToken === null) return Promise.resolve(intended);
    if (this.#refreshing === null) {
      const run: RefreshRun = { from: intended, force, gaveUp: null };
      this.#run = run;
      this.#host.abandoned = () => startedBefore && !this.#context.started();
      this.#host.gaveUp = (reason) => {
        run.gaveUp = reason;
      };
      this.#refreshing = refreshSession(this.#host, intended, force).finally(() => {
        this.#refreshing = null;
        // What the refresh brought may be due already (an answer slower than the token's lifetime): look again
        // shortly, never at once (a server that hands out expired tokens is not hammered). A failed refresh planned
        // its own retry, backing off: that one stands.
        const session = this.#context.keeper.session;
        if (
          this.#context.started() &&
          !this.#scheduler.scheduled &&
          session !== null &&
          this.isDue(session)
        ) {
          this.#scheduler.schedule(this.#context.now() + MIN_REFRESH_INTERVAL_MS);
        }
      });
    }
    const run = this.#run;
    // A forced call wants a token newer than `intended`, which an API just refused: a refresh in flight that began
    // from an older session (its answer is that token), or that found the session not due, brings none.
    const weaker = force && !(run.force && isSameGeneration(run.from, intended));
    // A call shares the refresh in flight, unless that one gives up without sending: asked of a disposed engine (a
    // loader, an `authFetch` retrying a 401), this call is never abandoned, and refreshes once that one has let go,
    // whether it gave up because the engine was disposed since (whenever that happens) or because its lease expired
    // as the machine slept. A lost lease does not abandon a call of a running engine either. Unless the session moved
    // on meanwhile.
    return this.#refreshing.then((session) => {
      const { keeper } = this.#context;
      // Another tab signed out while the request was on its way: a disposed engine did not hear it.
      if (!startedBefore && keeper.endIfRefused()) return null;
      const now = keeper.session;
      const { gaveUp } = run;
      const again =
        (gaveUp === 'abandoned' && !startedBefore) ||
        (gaveUp === 'lease lost' && (!startedBefore || this.#context.started())) ||
        (weaker && (gaveUp === 'not due' || !isSameGeneration(run.from, intended)));
      return again && now !== null && isSameGeneration(now, intended)
        ? this.#refresh(force, startedBefore)
        : session;
    });
  }

  #schedule(at: number): void {
    this.#context.log({ type: 'refresh.scheduled', at });
    this.#scheduler.schedule(at);
  }

  /** Cancels the planned check. */
  cancel(): void {
    this.#scheduler.cancel();
  }
}

/** One refresh of the driver, as the calls that share it see it. */
interface RefreshRun {
  readonly from: Session | null;
  readonly force: boolean;
  /**
   * Why it sent nothing, when it gave up: its engine disposed since it was asked, its lease lost in a sleep, or the
   * session not due (it was not forced).
   */
  gaveUp: GaveUpReason | null;
}
