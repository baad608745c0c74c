/**
 * What runs only when something happens, in one chunk loaded on demand: starting a login (`loginRedirect.ts`,
 * with the authorization URL builder), validating a token response after a login or a refresh (`jws.ts`,
 * `jwkSelection.ts`, `idToken.ts`, `accessToken.ts`) and turning it into the session's tokens and user claims
 * (`tokenResponse.ts`), the user API (`userAPI.ts`), the client authentication of a confidential client
 * (`clientAuth.ts`), and the lease that stands in for Web Locks (`leaseLock.ts`). Rendering a signed-in app
 * after a reload needs none of it. The callback's checks that come before the token request are not here
 * (`loginCallback.ts` is in the entry chunk): the token request never waits for this chunk.
 *
 * Every module loads it through `loadAuthFlows()` (`loadAuthFlows.ts`), started together with the request it goes
 * with (the token request and the JWKS request, or the discovery request), so that it never adds a request to Fief
 * in series. Nothing reachable statically from `index.ts` imports this module (`entryChunk.test.ts` checks it), and
 * one entry point keeps every lazily loaded module in one chunk.
 */
export { validateAccessTokenClaims } from './accessToken.js';
export { buildAuthURL } from './authURL.js';
export { authenticateClient } from './clientAuth.js';
export { lazyDecryptor } from './decryptor.js';
export { validateIDToken } from './idToken.js';
export { cachedKeyResolver, staticKeyResolver } from './jwkSelection.js';
export { LeaseLock } from './leaseLock.js';
export { startLogin } from './loginRedirect.js';
export { loginSession, parseTokenResponse, refreshedSession, sessionTokens } from './tokenResponse.js';
export { userRequest } from './userAPI.js';
