/**
 * The protocol client's code that runs only when something happens, in one chunk loaded on demand: checking a
 * discovery document (`discovery.ts`), building an authorization URL (`authURL.ts`) and its PKCE values (`pkce.ts`),
 * validating tokens (`clientTokens.ts`, with `jws.ts`, `jwkSelection.ts`, `idToken.ts`, `accessToken.ts`,
 * `tokenResponse.ts`), the user API (`userAPI.ts`), the client authentication of a confidential client (`clientAuth.ts`)
 * and the JWE door (`decryptor.ts`, whose `jwe.ts` is a chunk of its own). Rendering a signed-in app after a reload
 * needs none of it.
 *
 * Only `loadProtocolFlows()` (`loadProtocolFlows.ts`) imports this module, started together with the request it goes
 * with (the token request and the JWKS request, or the discovery request), so that it never adds a request to Fief
 * in series. Nothing reachable statically from `index.ts` imports it (`entryChunk.test.ts` and the dependency rules
 * in `.dependency-cruiser.cjs` check it).
 */
export { buildAuthURL } from './authURL.js';
export { authenticateClient } from './clientAuth.js';
export { accessTokenInfo, decodedIDToken, grantedTokens, prepareTokenValidation } from './clientTokens.js';
export { parseOpenIDConfiguration } from './discovery.js';
export { readJSON, readJWKS } from './http.js';
export { generateCodeVerifier, generateNonce, generateState, getCodeChallenge } from './pkce.js';
export { FiefIdTokenInvalid } from './tokenErrors.js';
export { changePassword, emailChange, emailVerify, updateProfile, userinfo } from './userAPI.js';
