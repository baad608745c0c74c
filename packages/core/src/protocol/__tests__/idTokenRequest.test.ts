import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Fief, FiefIdTokenInvalid, type FiefIdTokenInvalidReason } from '../../index.js';
import { CLIENT_ID, FakeFief, makeKey, type SigningKey, sign } from './fakeFief.js';

// The ID token rules that depend on what was asked (max_age), on time (nbf) and on what kind of token it is.
const server = new FakeFief();
let key: SigningKey;
const REDIRECT_URI = 'http://127.0.0.1/callback';

beforeAll(async () => {
  await server.start();
  key = await makeKey('RS256', 'main-key');
});
afterAll(() => server.close());
beforeEach(() => server.reset([key]));

const now = () => Math.floor(Date.now() / 1000);

async function callback(idToken: string, options: { maxAge?: number } = {}) {
  server.tokens = { access_token: 'access', id_token: idToken, token_type: 'bearer', expires_in: 3600 };
  const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
  return fief.authCallback('code', REDIRECT_URI, 'verifier', undefined, options);
}

async function reasonOf(promise: Promise<unknown>): Promise<FiefIdTokenInvalidReason | 'accepted'> {
  return promise.then(
    () => 'accepted' as const,
    (error: unknown) => {
      expect(error).toBeInstanceOf(FiefIdTokenInvalid);
      return (error as FiefIdTokenInvalid).reason;
    },
  );
}

describe('an ID token is refused', () => {
  it('before its nbf, beyond the clock tolerance (nbf)', async () => {
    expect(await reasonOf(callback(await sign(server.claims({ nbf: now() + 3600 }), key)))).toBe('nbf');
  });

  it('when it is an access token: typ at+jwt (kind)', async () => {
    const token = await sign(server.claims(), key, { typ: 'at+jwt' });
    expect(await reasonOf(callback(token))).toBe('kind');
  });

  it('when it is a Fief access token: it carries scope and permissions (kind)', async () => {
    const token = await sign(server.claims({ scope: 'openid', permissions: [] }), key);
    expect(await reasonOf(callback(token))).toBe('kind');
  });

  it('when max_age was asked and auth_time is older than it (auth_time)', async () => {
    const token = await sign(server.claims({ auth_time: now() - 3600 }), key);
    expect(await reasonOf(callback(token, { maxAge: 600 }))).toBe('auth_time');
  });

  it('when max_age was asked and auth_time is missing (auth_time)', async () => {
    const token = await sign(server.claims({ auth_time: undefined }), key);
    expect(await reasonOf(callback(token, { maxAge: 600 }))).toBe('auth_time');
  });
});

describe('an ID token is accepted', () => {
  it('with nbf a little ahead of the clock, within the tolerance', async () => {
    expect(await reasonOf(callback(await sign(server.claims({ nbf: now() + 30 }), key)))).toBe('accepted');
  });

  it('with typ JWT and an auth_time within the max_age asked', async () => {
    const token = await sign(server.claims({ auth_time: now() - 60 }), key, { typ: 'JWT' });
    expect(await reasonOf(callback(token, { maxAge: 600 }))).toBe('accepted');
  });
});

describe('the authorization URL', () => {
  it('sends max_age when maxAge is given, and refuses a maxAge that is not whole seconds', async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
    const url = new URL(await fief.getAuthURL({ redirectURI: REDIRECT_URI, maxAge: 300 }));
    expect(url.searchParams.getAll('max_age')).toEqual(['300']);
    await expect(fief.getAuthURL({ redirectURI: REDIRECT_URI, maxAge: Number.NaN })).rejects.toThrow(
      TypeError,
    );
  });
});
