/**
 * What finishing a login needs from the engine, and what it produces: shared by the callback's two halves, the checks
 * and token request of the entry chunk (`loginCallback.ts`) and what follows the token answer in the session's chunk
 * (`callbackCompletion.ts`), which may import neither the other nor the door between them.
 */

import type { Fief } from '../protocol/fief.js';
import type { FiefLogger } from './logEvents.js';
import type { Session } from './sessionStore.js';
import type { StorageLike } from './storage.js';

/** What a successful callback produces. */
export interface LoginOutcome {
  readonly session: Session;
  /** Same-origin path recorded by `redirectToLogin`. */
  readonly returnTo: string;
}

/** What finishing a login needs from the engine. */
export interface LoginContext {
  readonly fief: Fief;
  readonly clientId: string;
  /** Where `redirectToLogin` saved the pending logins (`sessionStorage`; `storage` when it was full). */
  readonly pendingStorage: StorageLike;
  readonly storage: StorageLike;
  /** Names the logout mark. */
  readonly namespace: string;
  /** Storage every tab sees (the logout mark), or `null`. */
  shared(): StorageLike | null;
  now(): number;
  readonly log: FiefLogger;
}
