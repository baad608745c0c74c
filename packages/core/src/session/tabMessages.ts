/**
 * What an engine does with a message from another tab: answer a query with its live session, adopt a newer
 * session, end a sign-in another tab ended. Every message is untrusted: the session it carries goes through the
 * store's parser and the keeper's refusals like any stored copy.
 */

import type { SessionKeeper } from './sessionKeeper.js';
import { isSessionValid, parseSession } from './sessionStore.js';
import type { TabMessage } from './tabSync.js';

/** What handling a message needs from the engine. */
export interface TabMessageContext {
  readonly keeper: SessionKeeper;
  /** The client the sessions must be for. */
  readonly clientId: string;
  now(): number;
  post(message: TabMessage): void;
}

/**
 * Applies `message` from another tab to this tab's keeper.
 *
 * @example
 * ```ts
 * tabs.start((message) => handleTabMessage(context, message));
 * ```
 */
export function handleTabMessage(context: TabMessageContext, message: TabMessage): void {
  const { keeper } = context;
  switch (message.kind) {
    case 'query': {
      const session = keeper.session;
      if (session !== null && isSessionValid(session, context.now()) && !keeper.refuses(session)) {
        context.post({ kind: 'session', session });
      } else if (keeper.status === 'loading') {
        // This tab is still finding its own session: answer once it has one (the tab that asked may be the only
        // other one left when the tab that had it closes).
        keeper.queryWaiting = true;
      }
      return;
    }
    case 'session': {
      const candidate = parseSession(message.session, context.clientId);
      if (candidate !== null) keeper.offer(candidate, { broadcast: false });
      return;
    }
    case 'logout': {
      const { sid, generation } = message;
      const upTo = sid === null ? null : { sid, generation: generation ?? Infinity };
      const session = keeper.session;
      if (
        session !== null &&
        (upTo === null || (upTo.sid === session.sid && session.generation <= upTo.generation))
      ) {
        keeper.end({ broadcast: false, upTo, error: null });
      } else if (upTo !== null) {
        // A refresh token another tab found refused, while this tab holds a later generation: keep it.
        keeper.endUpTo(upTo.sid, upTo.generation);
      }
      return;
    }
  }
}
