// The entry chunk's parser of a pending login checks only what the token request and the checks before it use;
// `returnTo`, `acrValues` and `maxAge` are checked in the session's chunk after the token answer
// (`pendingLoginRest.ts`). Stored data is untrusted: a record with one of them not as `redirectToLogin` wrote it is
// refused as before (`unknown_state`), never crashes, and is never trusted (no session comes out of it).
import { describe, expect, it, vi } from 'vitest';
import type { Fief } from '../../protocol/fief.js';
import { FiefAuthCallbackError } from '../fiefAuthCallbackError.js';
import { finishLogin } from '../loginCallback.js';
import type { LoginContext } from '../loginContext.js';
import { prunePendingLogins } from '../loginRedirect.js';
import { pendingLoginKey } from '../pendingLogin.js';
import { MemoryStorage, STORAGE_VERSION } from '../storage.js';

const ISSUER = 'https://fief.example.test';
const REDIRECT_URI = 'https://app.example.test/callback';
const STATE = 'state-0123456789abcdef';

/** A pending login as `redirectToLogin` writes it, with `rest` over it (raw JSON: any value). */
function stored(rest: Record<string, unknown>, createdAt = Date.now()): string {
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

/** The callback of the login stored as `raw`: its outcome, or what it failed with. */
async function callbackOf(raw: string): Promise<unknown> {
  const storage = new MemoryStorage();
  storage.setItem(pendingLoginKey(STATE), raw);
  const context: LoginContext = {
    fief: fiefAnswering(),
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

const HOSTILE: Record<string, unknown>[] = [
  { returnTo: 42 },
  { returnTo: null },
  { returnTo: 'https://evil.example/' },
  { returnTo: { toString: '/' } },
  { acrValues: 1 },
  { acrValues: ['1'] },
  { acrValues: { split: 'x' } },
  { maxAge: -1 },
  { maxAge: 1.5 },
  { maxAge: '300' },
  { maxAge: 2 ** 60 },
  { maxAge: { valueOf: 300 } },
];

describe('the fields of a pending login read after the token request', () => {
  it('a login as redirectToLogin wrote it goes through (step-up and max_age asked)', async () => {
    await expect(callbackOf(stored({ acrValues: '1', maxAge: 300 }))).resolves.toMatchObject({
      returnTo: '/account',
      session: { userinfo: { sub: 'u1' } },
    });
  });

  it.each(HOSTILE.map((rest) => [JSON.stringify(rest), rest] as const))(
    'a stored %s is refused as not ours (unknown_state), with no session',
    async (_name, rest) => {
      const failure = await callbackOf(stored(rest));
      expect(failure).toBeInstanceOf(FiefAuthCallbackError);
      expect(failure).toMatchObject({
        reason: 'unknown_state',
        message: expect.stringMatching(/^expected the state of a login started in this tab/),
      });
    },
  );

  it('a fresh stored record with one of them malformed is pruned as unreadable, a well-formed one kept', () => {
    const storage = new MemoryStorage();
    for (const [index, rest] of HOSTILE.entries()) {
      storage.setItem(
        pendingLoginKey(`state-hostile-${index}`),
        stored({ ...rest, state: `state-hostile-${index}` }),
      );
    }
    storage.setItem(pendingLoginKey(STATE), stored({ acrValues: '0 1', maxAge: 0 }));

    prunePendingLogins(storage, Date.now());

    const left = Array.from({ length: storage.length }, (_, index) => storage.key(index));
    expect(left).toEqual([pendingLoginKey(STATE)]);
  });
});
