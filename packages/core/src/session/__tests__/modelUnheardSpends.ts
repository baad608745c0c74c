/**
 * Which refresh tokens a tab may send again because nothing could tell it they were spent, in the model's Fief
 * (`modelFief.ts`). With a storage shared by the tabs, the spent mark always tells; without (storage blocked), only
 * the other tabs do, and they cannot when they are gone:
 * - the page that sent it closed (its answer, and the news, went with it: {@link UnheardSpends.pageClosed});
 * - a page came back from the back-forward cache after it was sent (the news posted meanwhile never reached it), and
 *   every tab that knows is away too. It asks, hears nothing, and sends it again. Holding back instead would leave a
 *   lone tab back from the cache unable ever to refresh;
 * - the page that sent it closed, and no open tab has shown or holds its answer or anything later: every page that
 *   knew closed (a page left for Fief's login page just before the news of the refresh reached it, and its callback
 *   page holds the spent one). A tab that holds the answer without having shown it (adopted expired, its refresh
 *   failed; a page reloaded over it) knows, and answers with it.
 * A client can do no better: Fief refuses the token again, and the sign-in ends.
 */

import { NEWS_LANDED_MS } from '../tabSync.js';
import type { ModelPage } from './modelRealm.js';

export class UnheardSpends {
  /** Whether the tabs find no spent mark (no shared storage): otherwise every resend is a fault of the engine. */
  noSpentMarks = false;
  /** Whether every open tab that showed the newest access token is away (the world's `newestOnlyAway`). */
  newestOnlyAway: () => boolean = () => false;
  /** Whether an open tab showed or holds an access token ranked `rank` or later (the world's tabs). */
  shownSince: (rank: number) => boolean = () => true;
  /** The rank of the access token Fief answered each refresh token with. */
  readonly #answerRank = new Map<string, number>();
  /** The pages that sent each refresh token, in the order of their sends. */
  readonly #senders = new Map<string, (ModelPage | undefined)[]>();
  /** The refresh tokens each page sent, with when their request settled (`Infinity`: not yet). */
  readonly #sending = new Map<ModelPage | undefined, Map<string, number>>();
  readonly #closed = new WeakSet<ModelPage>();
  readonly #sentAsPageClosed = new Set<string>();
  /** Pages back from the back-forward cache so far, and how many were back when each refresh token was first sent. */
  #cacheReturns = 0;
  readonly #cacheReturnsAtSend = new Map<string, number>();

  /**
   * `page` closed: the refresh tokens it is sending (or will send: the model runs its code on) went with it, and so
   * did the news of those it sent a moment ago (it holds the Web Lock until its news landed; closing releases it).
   */
  pageClosed(page: ModelPage): void {
    this.#closed.add(page);
    for (const [token, settledAt] of this.#sending.get(page) ?? []) {
      if (performance.now() - settledAt < NEWS_LANDED_MS) this.#sentAsPageClosed.add(token);
    }
  }

  /** A page came back from the back-forward cache, having missed the news posted meanwhile. */
  pageBackFromCache(): void {
    this.#cacheReturns += 1;
  }

  /** `page` sends `refreshToken`; call the result once its request settled. */
  sending(page: ModelPage | undefined, refreshToken: string): () => void {
    const sending = this.#sending.get(page) ?? new Map<string, number>();
    this.#sending.set(page, sending.set(refreshToken, Infinity));
    this.#senders.set(refreshToken, [...(this.#senders.get(refreshToken) ?? []), page]);
    if (page !== undefined && this.#closed.has(page)) this.#sentAsPageClosed.add(refreshToken);
    if (!this.#cacheReturnsAtSend.has(refreshToken))
      this.#cacheReturnsAtSend.set(refreshToken, this.#cacheReturns);
    return () => sending.set(refreshToken, performance.now());
  }

  /** Fief answered `refreshToken` with an access token ranked `rank`. */
  answered(refreshToken: string, rank: number): void {
    this.#answerRank.set(refreshToken, rank);
  }

  /** Whether a tab sending `refreshToken` again (now) could not have known it was spent. */
  unknowable(refreshToken: string): boolean {
    if (!this.noSpentMarks) return false;
    if (this.#sentAsPageClosed.has(refreshToken)) return true;
    const answerRank = this.#answerRank.get(refreshToken);
    if (answerRank !== undefined && !this.shownSince(answerRank) && !this.#sentFromOpenPage(refreshToken))
      return true;
    const returnsAtSend = this.#cacheReturnsAtSend.get(refreshToken) ?? Infinity;
    return returnsAtSend < this.#cacheReturns && this.newestOnlyAway();
  }

  /** An unknowable resend revoked the grant: its successors die unheard of too (a tab may hold one from an answer). */
  revokedUnheard(successors: Iterable<string>): void {
    for (const token of successors) this.#sentAsPageClosed.add(token);
  }

  /** Whether a page still open sent `refreshToken` before its latest send (it knows it spent it). */
  #sentFromOpenPage(refreshToken: string): boolean {
    const before = (this.#senders.get(refreshToken) ?? []).slice(0, -1);
    return before.some((page) => page === undefined || !this.#closed.has(page));
  }
}
