import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Fief, FiefRequestError } from '../../index.js';
import { CLIENT_ID, FakeFief, halfHash, makeKey, type SigningKey, sign } from './fakeFief.js';

const server = new FakeFief();
let key: SigningKey;
const DISCOVERY = '/.well-known/openid-configuration';
const JWKS = '/.well-known/jwks.json';

beforeAll(async () => {
  await server.start();
  key = await makeKey('RS256', 'fief-key');
});
afterAll(() => server.close());
beforeEach(() => server.reset([key]));

const newFief = (options: Partial<ConstructorParameters<typeof Fief>[0]> = {}) =>
  new Fief({ baseURL: server.url, clientId: CLIENT_ID, ...options });

async function serveTokens(extra: Record<string, unknown> = {}) {
  server.tokens = {
    access_token: 'access-1',
    id_token: await sign(server.claims({ at_hash: halfHash('access-1') }), key),
    token_type: 'bearer',
    expires_in: 3600,
    refresh_token: 'refresh-1',
    ...extra,
  };
}

describe('the constructor', () => {
  it('makes no request and touches no key', () => {
    let calls = 0;
    newFief({
      fetch: async () => {
        calls++;
        return new Response('{}');
      },
      encryptionKey: 'not even JSON',
    });
    expect(calls).toBe(0);
    expect(server.requests).toHaveLength(0);
  });
});

describe('discovery and JWKS caching', () => {
  it('concurrent callers share one discovery request and one JWKS request', async () => {
    const fief = newFief();
    await Promise.all([
      fief.getOpenIDConfiguration(),
      fief.getAuthURL({ redirectURI: 'http://127.0.0.1/cb' }),
      fief.getJWKS(),
      fief.getJWKS(),
      fief.getOpenIDConfiguration(),
    ]);
    await fief.getJWKS();
    expect(server.count(DISCOVERY)).toBe(1);
    expect(server.count(JWKS)).toBe(1);
  });

  it('preloaded openIDConfiguration and jwks make no request', async () => {
    const fief = newFief({ openIDConfiguration: server.discovery(), jwks: { keys: [key.publicJWK] } });
    await serveTokens();
    await fief.authCallback('code', 'http://127.0.0.1/cb', 'verifier');
    expect(server.count(DISCOVERY)).toBe(0);
    expect(server.count(JWKS)).toBe(0);
  });

  it('a preloaded openIDConfiguration from another issuer is rejected', async () => {
    const fief = newFief({ openIDConfiguration: { ...server.discovery(), issuer: 'https://evil.example' } });
    await expect(fief.getOpenIDConfiguration()).rejects.toMatchObject({ code: 'ERR_FIEF_ISSUER_MISMATCH' });
  });
});

describe('setOpenIDConfiguration', () => {
  it('seeds the cache: the callback page makes no discovery request', async () => {
    const stored: unknown = JSON.parse(JSON.stringify(await newFief().getOpenIDConfiguration()));
    server.requests = [];
    const fief = newFief();
    fief.setOpenIDConfiguration(stored);
    await serveTokens();
    await fief.authCallback('code', 'http://127.0.0.1/cb', 'verifier');
    expect(server.requests.map((request) => request.path).sort()).toEqual([JWKS, '/api/token'].sort());
  });

  it('ignores malformed values and foreign issuers without throwing', async () => {
    const fief = newFief();
    for (const value of [
      null,
      'text',
      42,
      [],
      {},
      { ...server.discovery(), jwks_uri: 3 },
      { ...server.discovery(), issuer: 'https://evil.example' },
    ]) {
      expect(() => fief.setOpenIDConfiguration(value)).not.toThrow();
    }
    await expect(fief.getOpenIDConfiguration()).resolves.toMatchObject({ issuer: server.url });
    expect(server.count(DISCOVERY)).toBe(1);
  });
});

describe('authCallback', () => {
  it('starts the JWKS request before the token response arrives', async () => {
    const fief = newFief();
    await fief.getOpenIDConfiguration();
    await serveTokens();
    let jwksSeenDuringTokenRequest = false;
    server.onToken = async () => {
      for (let i = 0; i < 50 && server.count(JWKS) === 0; i++) await new Promise((r) => setTimeout(r, 10));
      jwksSeenDuringTokenRequest = server.count(JWKS) === 1;
      return { body: JSON.stringify(server.tokens) };
    };
    await fief.authCallback('code', 'http://127.0.0.1/cb', 'verifier');
    expect(jwksSeenDuringTokenRequest).toBe(true);
  });

  it('sends the code grant with the verifier and client_id, and no secret for a public client', async () => {
    await serveTokens();
    await newFief().authCallback('the-code', 'http://127.0.0.1/cb', 'the-verifier');
    const request = server.requests.find((r) => r.path === '/api/token');
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: 'http://127.0.0.1/cb',
      code_verifier: 'the-verifier',
      client_id: CLIENT_ID,
    });
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('a failed token request leaves no unhandled rejection from the parallel JWKS request', async () => {
    server.jwks = {} as { keys: [] };
    server.onToken = () => ({ status: 400, body: '{"error":"invalid_grant"}' });
    await expect(newFief().authCallback('c', 'http://127.0.0.1/cb')).rejects.toBeInstanceOf(FiefRequestError);
  });
});

describe('confidential clients', () => {
  it('use client_secret_basic when discovery lists it', async () => {
    await serveTokens();
    await newFief({ clientSecret: 's3cr3t:+/' }).authCallback('code', 'http://127.0.0.1/cb');
    const request = server.requests.find((r) => r.path === '/api/token');
    const expected = Buffer.from(`${CLIENT_ID}:s3cr3t%3A%2B%2F`).toString('base64');
    expect(request?.headers.authorization).toBe(`Basic ${expected}`);
    expect(new URLSearchParams(request?.body).has('client_secret')).toBe(false);
  });

  it('use client_secret_post when discovery lists only that', async () => {
    server.discoveryExtras = { token_endpoint_auth_methods_supported: ['client_secret_post'] };
    await serveTokens();
    await newFief({ clientSecret: 'secret' }).authRefreshToken('refresh-0');
    const request = server.requests.find((r) => r.path === '/api/token');
    expect(request?.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'refresh-0',
      client_id: CLIENT_ID,
      client_secret: 'secret',
    });
  });
});

describe('authRefreshToken', () => {
  it('sends the refresh grant with the scope and validates the new ID token', async () => {
    await serveTokens({ refresh_token: 'refresh-2' });
    const [tokens, userinfo] = await newFief().authRefreshToken('refresh-1', ['openid', 'offline_access']);
    expect(tokens.refresh_token).toBe('refresh-2');
    expect(userinfo.sub).toBe('user-1');
    const request = server.requests.find((r) => r.path === '/api/token');
    expect(new URLSearchParams(request?.body).get('scope')).toBe('openid offline_access');
  });

  it('takes the scope space-separated too, as getAuthURL does (the form OAuth sends)', async () => {
    // A JavaScript caller may well write it; it threw "scope?.join is not a function".
    await serveTokens({ refresh_token: 'refresh-2' });
    await newFief().authRefreshToken('refresh-1', 'openid offline_access');
    const request = server.requests.find((r) => r.path === '/api/token');
    expect(new URLSearchParams(request?.body).get('scope')).toBe('openid offline_access');
  });
});

describe('requestInit and fetch', () => {
  it('the custom fetch and requestInit are used for every request, per-call requestInit on top', async () => {
    const seen: string[] = [];
    const fief = newFief({
      requestInit: { headers: { 'X-Instance': 'yes' } },
      fetch: (input, init) => {
        seen.push(new URL(String(input)).pathname);
        return fetch(input, init);
      },
    });
    await serveTokens();
    await fief.authCallback('code', 'http://127.0.0.1/cb', 'v', { headers: { 'X-Call': 'token' } });
    await fief.userinfo('access-1', { headers: { 'X-Call': 'userinfo' } });
    await fief.updateProfile('access-1', { fields: {} });
    expect(seen.sort()).toEqual([DISCOVERY, JWKS, '/api/profile', '/api/token', '/api/userinfo'].sort());
    for (const request of server.requests) expect(request.headers['x-instance']).toBe('yes');
    expect(server.requests.find((r) => r.path === '/api/token')?.headers['x-call']).toBe('token');
    expect(server.requests.find((r) => r.path === '/api/userinfo')?.headers['x-call']).toBe('userinfo');
    expect(server.requests.find((r) => r.path === JWKS)?.headers['x-call']).toBeUndefined();
  });

  it("with no userinfo_endpoint in discovery, userinfo goes to Fief's own, /api/userinfo", async () => {
    const { userinfo_endpoint: _discovered, ...discovery } = server.discovery();
    await newFief({ openIDConfiguration: discovery }).userinfo('access-1');
    expect(server.requests.map((request) => request.path)).toContain('/api/userinfo');
  });

  it('a custom fetch that is the unbound global fetch works (no "Illegal invocation")', async () => {
    const fief = newFief({ fetch: globalThis.fetch });
    await expect(fief.getOpenIDConfiguration()).resolves.toBeDefined();
  });
});

describe('user API', () => {
  const cases = [
    ['userinfo', (f: Fief) => f.userinfo('tok'), 'GET', '/api/userinfo', ''],
    [
      'updateProfile',
      (f: Fief) => f.updateProfile('tok', { fields: { a: 1 } }),
      'PATCH',
      '/api/profile',
      '{"fields":{"a":1}}',
    ],
    [
      'changePassword',
      (f: Fief) => f.changePassword('tok', 'pw'),
      'PATCH',
      '/api/password',
      '{"password":"pw"}',
    ],
    [
      'emailChange',
      (f: Fief) => f.emailChange('tok', 'b@example.com'),
      'PATCH',
      '/api/email/change',
      '{"email":"b@example.com"}',
    ],
    ['emailVerify', (f: Fief) => f.emailVerify('tok', 'ABC'), 'POST', '/api/email/verify', '{"code":"ABC"}'],
  ] as const;
  for (const [name, call, method, path, body] of cases) {
    it(`${name} sends ${method} ${path} with the bearer token and returns the user info`, async () => {
      const userinfo = await call(newFief());
      expect(userinfo.sub).toBe('user-1');
      const request = server.requests.find((r) => r.path === path);
      expect(request).toMatchObject({ method, body });
      expect(request?.headers.authorization).toBe('Bearer tok');
    });
  }

  it('an answer without sub is malformed', async () => {
    server.onUser = () => ({ body: '{"email":"x"}' });
    await expect(newFief().userinfo('tok')).rejects.toMatchObject({ code: 'ERR_FIEF_RESPONSE_MALFORMED' });
  });
});

describe('getLogoutURL', () => {
  it('is {baseURL}/logout?redirect_uri= with the URI encoded', async () => {
    const fief = new Fief({ baseURL: `${server.url}/`, clientId: CLIENT_ID });
    const url = await fief.getLogoutURL({ redirectURI: 'http://127.0.0.1:5173/?a=1&b=2' });
    expect(url).toBe(
      `${server.url}/logout?redirect_uri=${encodeURIComponent('http://127.0.0.1:5173/?a=1&b=2')}`,
    );
    expect(server.requests).toHaveLength(0);
  });
});
