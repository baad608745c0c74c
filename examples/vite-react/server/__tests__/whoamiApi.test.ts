// @vitest-environment node
import { createServer, request as httpRequest, type Server } from 'node:http';
import { type AddressInfo, createServer as createTCPServer, type Socket } from 'node:net';
import { Fief, generateCodeVerifier, generateState, getCodeChallenge } from '@fief-spa/core';
import { DEMO_USER, type DevServer, LoginAgent, startDevServer } from '@fief-spa/dev-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whoamiApi } from '../whoamiApi';

const CLIENT_ID = 'fief-spa-example';
const OTHER_CLIENT_ID = 'another-app';
const REDIRECT_URI = 'http://127.0.0.1:5173/callback';

const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

async function startIdentityServer(accessTokenTTL?: number): Promise<DevServer> {
  const server = await startDevServer({
    logger: () => {},
    clients: [CLIENT_ID, OTHER_CLIENT_ID].map((clientId) => ({ clientId, redirectURIs: [REDIRECT_URI] })),
    ...(accessTokenTTL ? { accessTokenTTL } : {}),
  });
  stops.push(() => server.close());
  return server;
}

/** The API trusting `fiefURL` for the example's client, on a free loopback port; resolves with its URL. */
async function startApi(
  fiefURL: string,
  clockToleranceSeconds?: number,
  fiefDeadlineMs?: number,
): Promise<string> {
  const fief = new Fief({ baseURL: fiefURL, clientId: CLIENT_ID, clockToleranceSeconds });
  const api = whoamiApi(fief, fiefDeadlineMs === undefined ? {} : { fiefDeadlineMs });
  const server: Server = createServer((request, response) => {
    void api(request, response, () => response.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Signs the demo user in to `clientId` with the code flow and PKCE, as the SPA does; resolves with the access token. */
async function accessTokenFor(fiefURL: string, clientId = CLIENT_ID): Promise<string> {
  const fief = new Fief({ baseURL: fiefURL, clientId });
  const verifier = generateCodeVerifier();
  const authURL = await fief.getAuthURL({
    redirectURI: REDIRECT_URI,
    scope: ['openid', 'offline_access'],
    state: generateState(),
    codeChallenge: await getCodeChallenge(verifier, 'S256'),
    codeChallengeMethod: 'S256',
  });
  const callback = new URL(await new LoginAgent().login(authURL, DEMO_USER));
  const [tokens] = await fief.authCallback(callback.searchParams.get('code')!, REDIRECT_URI, verifier);
  return tokens.access_token;
}

const whoami = (apiURL: string, headers: Record<string, string> = {}, method = 'GET') =>
  fetch(`${apiURL}/api/whoami`, { method, headers });

describe('GET /api/whoami', () => {
  let fief: DevServer;
  let apiURL: string;
  let token: string;

  beforeAll(async () => {
    fief = await startIdentityServer();
    apiURL = await startApi(fief.url);
    token = await accessTokenFor(fief.url);
  });

  it("answers a valid access token with the user's id and what the token grants", async () => {
    const response = await whoami(apiURL, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      sub: fief.users.findByEmail(DEMO_USER.email)!.id,
      scope: ['openid', 'offline_access'],
      acr: '1',
      permissions: ['castles:read', 'castles:create'],
    });
  });

  it('asks for a token, with no error code, when the request has none (RFC 6750 §3.1)', async () => {
    const response = await whoami(apiURL);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="example-api"');
  });

  it('refuses a token whose signature is not Fief’s with invalid_token', async () => {
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forged = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    const response = await whoami(apiURL, { authorization: `Bearer ${forged}` });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="example-api", error="invalid_token"/,
    );
  });

  it('refuses something that is not a JWT with invalid_token', async () => {
    const response = await whoami(apiURL, { authorization: 'Bearer not-a-jwt' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('refuses a token issued to another client (aud) with invalid_token', async () => {
    const otherToken = await accessTokenFor(fief.url, OTHER_CLIENT_ID);
    const response = await whoami(apiURL, { authorization: `Bearer ${otherToken}` });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: 'invalid_token',
      error_description: 'the access token is invalid',
    });
  });

  it('refuses a token from another identity server with invalid_token', async () => {
    const elsewhere = await startIdentityServer();
    const response = await whoami(apiURL, { authorization: `Bearer ${await accessTokenFor(elsewhere.url)}` });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  // RFC 7235 §2.1: the scheme is case-insensitive, and one or more spaces separate it from the token.
  it.each([
    ['a lowercase scheme', 'bearer'],
    ['an uppercase scheme', 'BEARER'],
    ['two spaces after the scheme', 'Bearer '],
  ])('accepts the token after %s', async (_, scheme) => {
    const response = await whoami(apiURL, { authorization: `${scheme} ${token}` });
    expect(response.status).toBe(200);
  });

  // RFC 6750 §3.1: a malformed bearer request is invalid_request, with a 400: no token to refresh, nothing to retry.
  it.each([
    ['no token', 'Bearer'],
    ['two tokens', 'Bearer abc def'],
    ['a token and parameters', 'Bearer abc, realm="x"'],
  ])('refuses a Bearer header with %s as invalid_request', async (_, authorization) => {
    const response = await whoami(apiURL, { authorization });
    expect(response.status).toBe(400);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="example-api", error="invalid_request"',
    );
    expect((await response.json()).error).toBe('invalid_request');
  });

  it('refuses two Authorization headers, of which Node would keep one, as invalid_request', async () => {
    // A proxy in front may have checked the other one. `fetch` joins repeated headers: Node's client sends both.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const { hostname, port } = new URL(apiURL);
      // Raw name/value pairs, the form of `headers` that sends a name twice, and which adds no Host of its own.
      const headers = ['host', `${hostname}:${port}`, 'authorization', `Bearer ${token}`];
      headers.push('authorization', 'Bearer another-token');
      httpRequest({ hostname, port, path: '/api/whoami', headers }, (res) => {
        res.resume();
        resolve(res.statusCode);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(400);
  });

  it('answers only GET', async () => {
    const response = await whoami(apiURL, { authorization: `Bearer ${token}` }, 'POST');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });

  it('says 503, not invalid_token, when Fief cannot be reached to check the token', async () => {
    // Port 9 (discard) on the loopback: nothing listens there.
    const api = await startApi('http://127.0.0.1:9');
    const response = await whoami(api, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(503);
    expect(response.headers.get('www-authenticate')).toBeNull();
  });
});

describe('GET /api/whoami with an expired token', () => {
  it('refuses it with invalid_token, so the app refreshes and retries', async () => {
    const fief = await startIdentityServer(1);
    // No tolerance for clock skew here, so that the token is past its exp after a second, not after the default's.
    const apiURL = await startApi(fief.url, 0);
    const token = await accessTokenFor(fief.url);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const response = await whoami(apiURL, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: 'invalid_token',
      error_description: 'the access token expired',
    });
  });
});

describe('GET /api/whoami while Fief does not answer', () => {
  it("says 503 at the API's deadline, not after the client's 30-second timeout", async () => {
    // Accepts connections and never answers: a Fief that hangs, which refusing port 9 does not show.
    const sockets: Socket[] = [];
    const silent = createTCPServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    stops.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });
    const fief = await startIdentityServer();
    const token = await accessTokenFor(fief.url);
    const apiURL = await startApi(
      `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
      undefined,
      300,
    );

    const started = Date.now();
    const response = await whoami(apiURL, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
