/**
 * A callback over a pending login stored as raw JSON, for the tests of the fields the session's chunk checks after the
 * token answer (`pendingLoginRest.ts`): `finishLogin` with a `Fief` that answers the token request.
 */
import { vi } from 'vitest';
import type { Fief } from '../../protocol/fief.js';
import { finishLogin } from '../loginCallback.js';
import type { LoginContext } from '../loginContext.js';
import { pendingLoginKey } from '../pendingLogin.js';
import { MemoryStorage, STORAGE_VERSION } from '../storage.js';

export const ISSUER = 'https://fief.example.test';
export const REDIRECT_URI = 'https://app.example.test/callback';
export const STATE = 'state-0123456789abcdef';

/** A pending login as `redirectToLogin` writes it, with `rest` over it (raw JSON: any value). */
export function stored(rest: Record<string, unknown>, createdAt = Date.now()): string {
  const pending = {
    state: STATE,
    codeVerifier: 'v'.repeat(64),
    nonce: 'nonce-value',
    redirectURI: REDIRECT_URI,
    returnTo: '/account',
    createdAt,
    discovery: null,
    issuer: ISSUER,
    clientId: 'spa',
    acrValues: null,
    maxAge: null,
    ...rest,
  };
  return JSON.stringify({ v: STORAGE_VERSION, pending });
}

/** A Fief that answers the token request with valid tokens for a login of 10 s ago at acr 1. */
function fiefAnswering(): Fief {
  const discovery = { issuer: ISSUER, token_endpoint: `${ISSUER}/token` };
  return {
    clientId: 'spa',
    setOpenIDConfiguration: () => {},
    getOpenIDConfiguration: async () => discovery,
    authCallback: vi.fn(async () => [
      { access_token: 'a', id_token: 'i', token_type: 'bearer', expires_in: 3600 },
      { sub: 'u1', acr: '1', auth_time: Math.floor(Date.now() / 1000) - 10 },
    ]),
    validateAccessToken: async () => ({ scope: ['openid'], acr: '1', permissions: [] }),
  } as unknown as Fief;
}

/** The callback of the login stored as `raw`, through `fief`: its outcome, or what it failed with. */
export async function callbackOf(raw: string, fief: Fief = fiefAnswering()): Promise<unknown> {
  const storage = new MemoryStorage();
  storage.setItem(pendingLoginKey(STATE), raw);
  const context: LoginContext = {
    fief,
    clientId: 'spa',
    pendingStorage: storage,
    storage,
    namespace: 'spa',
    shared: () => null,
    now: () => Date.now(),
    log: () => {},
  };
  return finishLogin(context, `${REDIRECT_URI}?code=c0de&state=${STATE}`, REDIRECT_URI).catch(
    (error: unknown) => error,
  );
}
