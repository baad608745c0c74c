/**
 * The session engine (`sessionEngine.ts`), in one chunk loaded on demand: the keeper of the session
 * (`sessionKeeper.ts`), starting a login (`loginRedirect.ts`), turning a validated token response into a session
 * (`sessionTokens.ts`), the refresh across tabs (`sessionRefresher.ts`, with the lock of `tabLock.ts` and the lease
 * that stands in for Web Locks, `leaseLock.ts`, driven by `refreshDriver.ts` and its timer), and the link to the
 * other tabs (`tabMessages.ts`, `tabSync.ts`). `FiefAuth` builds the engine once the chunk arrived. Rendering a
 * signed-in app after a reload needs none of it: the chunk loads beside that render.
 * The callback's checks that come before the token request, and the request, are not here (`loginCallback.ts` is in
 * the entry chunk): the token request never waits for this chunk. What follows its answer is (`callbackCompletion.ts`).
 *
 * Only `loadSessionFlows()` (`loadSessionFlows.ts`) imports this module, started together with the request it goes
 * with, so that it never adds a request to Fief in series. Nothing reachable statically from `index.ts` imports it
 * (`entryChunk.test.ts` and the dependency rules in `.dependency-cruiser.cjs` check it).
 */
export { completeCallback, loginOutcome } from './callbackCompletion.js';
export { SessionEngine } from './sessionEngine.js';
