// What a user relies on: a FiefAuthCallbackError's `message` is safe to show or log. Its `error` and `iss` come from
// the callback URL, attacker-chosen once someone has the `state` of a login in progress (a mix-up or compromised
// server, or whoever sees the authorization response). A security review found them echoed whole and raw into the
// message (200 KB of HTML); the message now describes them short and escaped, and `error` stays raw on its field.
import { describe, expect, it } from 'vitest';
import type { Fief } from '../../protocol/fief.js';
import { callbackRefusal } from '../callbackRefusal.js';
import type { CallbackRefusal } from '../fiefAuthCallbackError.js';
import { FiefAuthCallbackError } from '../fiefAuthCallbackError.js';
import { finishLogin } from '../loginCallback.js';
import type { LoginContext } from '../loginContext.js';
import { savePendingLogin } from '../loginRedirect.js';
import { MemoryStorage } from '../storage.js';

const ISSUER = 'https://fief.example.test';
const DISCOVERY = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/api/token`,
  jwks_uri: `${ISSUER}/.well-known/jwks.json`,
};
const STATE = 'state-0123456789abcdef';

function context(): LoginContext {
  const storage = new MemoryStorage();
  savePendingLogin(storage, {
    state: STATE,
    codeVerifier: 'v'.repeat(64),
    nonce: 'nonce',
    redirectURI: 'https://app.example.test/callback',
    returnTo: '/',
    createdAt: Date.now(),
    discovery: DISCOVERY,
    issuer: ISSUER,
    clientId: 'spa',
    acrValues: null,
    maxAge: null,
  });
  const fief = {
    clientId: 'spa',
    setOpenIDConfiguration() {},
    getOpenIDConfiguration: () => Promise.resolve(DISCOVERY),
  } as unknown as Fief;
  return {
    fief,
    clientId: 'spa',
    pendingStorage: storage,
    storage,
    namespace: `spa@${ISSUER}`,
    shared: () => null,
    now: () => Date.now(),
    log: () => {},
  };
}

/** The error of the callback at `href`: `finishLogin` refuses it, the session's chunk words it (`callbackRefusal`). */
async function failure(query: string): Promise<FiefAuthCallbackError> {
  const href = `https://app.example.test/callback?state=${STATE}&${query}`;
  const refusal: unknown = await finishLogin(context(), href, 'https://app.example.test/callback').then(
    () => null,
    (cause: unknown) => cause,
  );
  expect(refusal).toBeInstanceOf(Array);
  const error = callbackRefusal(refusal as CallbackRefusal);
  expect(error).toBeInstanceOf(FiefAuthCallbackError);
  return error;
}

const HOSTILE = `<img src=x onerror=alert(1)>\u202e${'A'.repeat(200_000)}`;

describe('a callback error built from URL parameters', () => {
  it('authorization_error: describes a hostile error short and escaped, and keeps it raw on `error`', async () => {
    const error = await failure(`error=${encodeURIComponent(HOSTILE)}&error_description=x`);
    expect(error.reason).toBe('authorization_error');
    expect(error.message.length).toBeLessThan(1_000);
    expect(error.message).not.toContain('<img');
    expect(error.message).not.toContain('\u202e');
    expect(error.message).toContain('\\u003cimg src=x onerror=alert(1)\\u003e\\u202eAAA');
    expect(error.error).toBe(HOSTILE);
    expect(error.errorDescription).toBe('x');
  });

  it('issuer_mismatch: describes a hostile iss short and escaped', async () => {
    const error = await failure(`iss=${encodeURIComponent(HOSTILE)}&code=c`);
    expect(error.reason).toBe('issuer_mismatch');
    expect(error.message.length).toBeLessThan(1_000);
    expect(error.message).not.toContain('<img');
    expect(error.message).toContain(`"${ISSUER}"`);
  });

  it('still names an ordinary error and iss in full', async () => {
    expect((await failure('error=access_denied')).message).toContain('"access_denied"');
    expect((await failure('iss=https%3A%2F%2Fother.example.test&code=c')).message).toBe(
      `expected the callback's iss to be "${ISSUER}", found "https://other.example.test"`,
    );
  });
});
