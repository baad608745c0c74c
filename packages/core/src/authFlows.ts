/**
 * What runs only when something happens, in one chunk loaded on demand: starting a login (`loginRedirect.ts`,
 * with the authorization URL builder), finishing it on the callback page (`loginCallback.ts`), validating a token
 * response after a login or a refresh (`jws.ts`, `jwkSelection.ts`, `idToken.ts`, `accessToken.ts`) and turning it
 * into the session's tokens and user claims (`tokenResponse.ts`), and the lease that stands in for Web Locks
 * (`leaseLock.ts`). Rendering a signed-in app after a reload needs none of it.
 *
 * `Fief` and `FiefAuth` load it with `import('./authFlows.js')`, started together with the request it goes with
 * (the token request and the JWKS request, or the discovery request), so that it never adds a request to Fief in
 * series. Nothing reachable statically from `index.ts` imports this module (`entryChunk.test.ts` checks it), and
 * one entry point keeps every lazily loaded module in one chunk.
 */
export { validateAccessTokenClaims } from './accessToken.js';
export { buildAuthURL } from './authURL.js';
export { validateIDToken } from './idToken.js';
export { cachedKeyResolver, staticKeyResolver } from './jwkSelection.js';
export { LeaseLock } from './leaseLock.js';
export { finishLogin } from './loginCallback.js';
export { startLogin } from './loginRedirect.js';
export { sessionTokens } from './tokenResponse.js';
