/**
 * Two tabs may send one refresh token: without a lock at all, past the lease's bound (`leaseLock.ts`), and even under
 * a Web Lock when the news and the spent mark reach the next tab later than the lock is held for (`localStorage` on a
 * starved machine). Fief answers the first request and refuses the other (it deletes a used refresh token, and keeps
 * the tokens it answered with). The tab refused must not end the sign-in while the other tab's answer is on its way:
 * it asks the tabs, and waits for a newer session as long as a tab says its request spends that refresh token (a
 * `spending` answer). Part of the session's chunk.
 */

import type { Session } from './sessionStore.js';
import { heardNewerSession, SPENT_REFRESH_WAIT_MS, type SpentWaitHost } from './spentRefreshWait.js';
import type { TabLock } from './tabTypes.js';

/**
 * How long a tab whose refresh token Fief refused waits for the session of a tab that sent it beside this one, each
 * time it asks: the news takes one trip between tabs, and a tab whose request is still on its way says so.
 */
const REFUSED_NEWS_WAIT_MS = 3_000;

/**
 * Runs `request` (the token request and the validation of its answer) telling the tabs that ask about the
 * generation of `spent` that this tab spends its refresh token.
 *
 * @example
 * ```ts
 * const next = await spendingWhile(tabs, session, () => refresh(session));
 * ```
 */
export async function spendingWhile<T>(tabs: TabLock, spent: Session, request: () => Promise<T>): Promise<T> {
  // Only what names the generation: the message holds no token.
  const spends = { sid: spent.sid, generation: spent.generation, createdAt: spent.createdAt };
  tabs.spending = spends;
  try {
    return await request();
  } finally {
    if (tabs.spending === spends) tabs.spending = null;
  }
}

/**
 * Fief refused the refresh token of `current`: waits for the session of a tab that sent it beside this one. Resolves
 * once it came, or once no tab says its request is still on its way (a revoked sign-in: the first
 * {@link REFUSED_NEWS_WAIT_MS}), or after as long as such a request may take.
 *
 * @example
 * ```ts
 * await awaitAnswerBeside(host, current); // then keep keeper.session if it moved on, else end the sign-in
 * ```
 */
export async function awaitAnswerBeside(host: SpentWaitHost, current: Session): Promise<void> {
  const tabs = host.tabs();
  for (let waited = 0; waited < SPENT_REFRESH_WAIT_MS; waited += REFUSED_NEWS_WAIT_MS) {
    const asked = performance.now();
    // Each wait asks the tabs again (`heardNewerSession`): a tab whose request is on its way answers that it is.
    if (await heardNewerSession(host, current, REFUSED_NEWS_WAIT_MS)) return;
    if (tabs.spendingHeardAt(current) < asked) return;
  }
}
