// Property: whatever a stored pending login holds in the fields the session's chunk checks after the token answer
// (`returnTo`, `acrValues`, `maxAge`; any JSON; `1e309` in raw JSON is pendingLoginRestHostileEngine's), the callback
// ends in one of two ways: the login is refused with its own reason (`unknown_state` exactly when a field is not what
// `redirectToLogin` writes, else the ID token's checks), or it goes through to a path of the app's own origin. Never a
// crash (a `token_exchange` around a TypeError), never a way off the origin.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { Fief } from '../../protocol/fief.js';
import { FiefAuthCallbackError } from '../fiefAuthCallbackError.js';
import { finishLogin } from '../loginCallback.js';
import type { LoginContext } from '../loginContext.js';
import { pendingLoginKey } from '../pendingLogin.js';
import { DEFAULT_RETURN_TO } from '../returnTo.js';
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

/** The spec, written apart from the code: what `redirectToLogin` writes in those three fields. */
function asWritten(rest: Record<string, unknown>): boolean {
  const { returnTo, acrValues, maxAge } = rest;
  const returnToOk = typeof returnTo === 'string' && returnTo.startsWith('/');
  const acrOk = acrValues === null || typeof acrValues === 'string';
  const maxAgeOk =
    maxAge === null ||
    (typeof maxAge === 'number' &&
      Number.isInteger(maxAge) &&
      maxAge >= 0 &&
      maxAge <= Number.MAX_SAFE_INTEGER);
  return returnToOk && acrOk && maxAgeOk;
}

const hostileValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(
    '//evil.example/',
    '/\\evil.example',
    '/\t/evil',
    '/.\\/evil',
    '/%2F%2Fevil',
    '/ok',
    '',
    ' ',
  ),
  fc.constantFrom(-1, 0, 0.5, -0, 2 ** 53, '5', '0 1', '__proto__', 'constructor', 'toString'),
  fc.string().map((path) => `/${path}`),
);

describe('the fields of a pending login read after the token request, any value', () => {
  it('refuse as not ours exactly what redirectToLogin does not write; otherwise stay on the origin', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          { returnTo: hostileValue, acrValues: hostileValue, maxAge: hostileValue },
          { requiredKeys: [] },
        ),
        async (rest) => {
          // A field left out is read as `undefined` (a record without it).
          const read = {
            returnTo: undefined,
            acrValues: undefined,
            maxAge: undefined,
            ...JSON.parse(JSON.stringify(rest)),
          };
          const raw = stored({});
          const record = JSON.parse(raw) as { v: unknown; pending: Record<string, unknown> };
          for (const field of ['returnTo', 'acrValues', 'maxAge']) delete record.pending[field];
          Object.assign(record.pending, JSON.parse(JSON.stringify(rest)));
          const outcome = await callbackOf(JSON.stringify(record));
          if (outcome instanceof FiefAuthCallbackError) {
            expect(['unknown_state', 'acr_too_low', 'max_age_exceeded']).toContain(outcome.reason);
            expect(outcome.reason === 'unknown_state').toBe(!asWritten(read));
            return;
          }
          expect(outcome).not.toBeInstanceOf(Error);
          expect(Array.isArray(outcome)).toBe(false);
          expect(asWritten(read)).toBe(true);
          const { returnTo } = outcome as { returnTo: string };
          const origin = new URL(REDIRECT_URI).origin;
          // `/` or the path asked for, as the URL parser writes it (`/"` is `/%22`, an empty `#` goes).
          const asked = new URL(read.returnTo as string, origin);
          expect([DEFAULT_RETURN_TO, `${asked.pathname}${asked.search}${asked.hash}`]).toContain(returnTo);
          expect(new URL(returnTo, origin).origin).toBe(origin);
          expect(returnTo.startsWith('//') || returnTo.startsWith('/\\')).toBe(false);
        },
      ),
      {
        numRuns: 300,
        // Counterexamples found while writing the oracle (the path as the URL parser writes it), replayed first.
        examples: [
          [{ returnTo: '/"', acrValues: '//evil.example/', maxAge: 0 }],
          [{ returnTo: '/ #', acrValues: 'constructor', maxAge: 0 }],
        ],
      },
    );
  });
});
