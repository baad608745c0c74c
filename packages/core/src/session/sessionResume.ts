/**
 * What a page does when it may have missed what other tabs did: restored from the back-forward cache, back online,
 * or woken from sleep (its refresh timer fired late). Part of the session's chunk loaded on demand
 * (`sessionFlows.ts`): a page that never goes away never needs it.
 */

import type { FiefLogger } from './logEvents.js';
import type { SessionKeeper } from './sessionKeeper.js';
import { isSessionValid, loadSession } from './sessionStore.js';
import type { StorageLike } from './storage.js';
import type { TabMessage } from './tabTypes.js';

/** What resuming needs from the engine. */
export interface ResumeContext {
  readonly keeper: SessionKeeper;
  readonly storage: StorageLike;
  readonly namespace: string;
  readonly clientId: string;
  now(): number;
  /** Asks the other tabs for their session (settling on anonymous when none answers in time and none is here). */
  readonly link: { ask(): void; behind(): void; post(message: TabMessage): void };
  /** Refreshes when due, or plans the next check. */
  readonly driver: { check(): void };
  readonly log: FiefLogger;
}

/**
 * Reads storage again (a newer session; a logout since), tells the other tabs its live session, asks them for
 * theirs, and checks the session: the page is signed in or anonymous within a second.
 *
 * @example
 * ```ts
 * resumeSession(context);
 * ```
 */
export function resumeSession(context: ResumeContext): void {
  const { keeper } = context;
  context.log({ type: 'page.resumed' });
  const stored = loadSession(context.storage, context.namespace, context.clientId);
  if (stored !== null) keeper.offer(stored, { broadcast: false });
  const session = keeper.session;
  if (!keeper.endIfRefused() && session !== null && isSessionValid(session, context.now())) {
    // A tab that asked meanwhile got no answer from this one (a refresh brings its own): it may be signed out.
    context.link.post({ kind: 'session', session });
  }
  // Missed news: the refresh below, if due, asks the tabs before it spends (a tab may hold the spent token's answer).
  context.link.behind();
  context.link.ask();
  context.driver.check();
}
