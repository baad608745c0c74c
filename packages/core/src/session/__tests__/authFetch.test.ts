import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FiefError } from '../../protocol/errors.js';
import { createTestFiefAuth } from '../../testing/index.js';
import { createAuthFetch } from '../authFetch.js';

interface Seen {
  method: string;
  path: string;
  authorization: string | undefined;
  body: string;
}

/** A loopback HTTP server that records what it receives; `route` decides the answer. */
interface TestServer {
  origin: string;
  seen: Seen[];
  route: (request: Seen, response: ServerResponse) => void;
  close(): Promise<void>;
}

async function startServer(): Promise<TestServer> {
  const state: TestServer = {
    origin: '',
    seen: [],
    route: (_request, response) => response.end('ok'),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      const seen = {
        method: request.method ?? '',
        path: request.url ?? '',
        authorization: request.headers.authorization,
        body,
      };
      state.seen.push(seen);
      state.route(seen, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

const user = { sub: 'u1', email: 'anne@example.com', tenant_id: 't1', fields: {} };
let api: TestServer;
let other: TestServer;

beforeAll(async () => {
  [api, other] = await Promise.all([startServer(), startServer()]);
});
afterAll(() => Promise.all([api.close(), other.close()]));
beforeEach(() => {
  for (const server of [api, other]) {
    server.seen = [];
    server.route = (_request, response) => response.end('ok');
  }
});

function signedIn(accessToken = 'token-1') {
  const auth = createTestFiefAuth();
  auth.signIn(user, { access_token: accessToken });
  return auth;
}

function invalidToken(response: ServerResponse): void {
  response.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="api", error="invalid_token"' }).end();
}

describe('createAuthFetch', () => {
  it('sends the access token to a listed origin, with the caller’s headers kept', async () => {
    const authFetch = createAuthFetch(signedIn(), { origins: [api.origin] });
    const response = await authFetch(`${api.origin}/castles`, { headers: { 'X-Trace': '1' } });
    expect(await response.text()).toBe('ok');
    expect(api.seen).toMatchObject([{ path: '/castles', authorization: 'Bearer token-1' }]);
  });

  it('sends a request to an origin not listed unchanged, without the token', async () => {
    const auth = signedIn();
    const authFetch = createAuthFetch(auth, { origins: [api.origin] });
    await authFetch(`${other.origin}/public`);
    await authFetch(new Request(`${other.origin}/public`, { headers: { Authorization: 'Basic mine' } }));
    expect(other.seen.map((request) => request.authorization)).toEqual([undefined, 'Basic mine']);
    expect(auth.calls).toEqual([]);
  });

  it('gets the token through getAccessToken (which refreshes when due)', async () => {
    const auth = signedIn();
    await createAuthFetch(auth, { origins: [api.origin] })(`${api.origin}/a`);
    expect(auth.calls).toEqual([{ method: 'getAccessToken', args: [] }]);
  });

  it('signed out, rejects with ERR_FIEF_NOT_AUTHENTICATED and sends nothing', async () => {
    const authFetch = createAuthFetch(createTestFiefAuth(), { origins: [api.origin] });
    const failure = await authFetch(`${api.origin}/castles`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FiefError);
    expect((failure as FiefError).code).toBe('ERR_FIEF_NOT_AUTHENTICATED');
    expect(api.seen).toEqual([]);
  });

  it('on a 401 invalid_token, refreshes once and sends again once with the new token and the same body', async () => {
    const auth = signedIn('token-1');
    auth.queueRefresh({ access_token: 'token-2' });
    api.route = (request, response) =>
      request.authorization === 'Bearer token-2' ? response.end('fresh') : invalidToken(response);
    const authFetch = createAuthFetch(auth, { origins: [api.origin] });
    const response = await authFetch(`${api.origin}/castles`, {
      method: 'POST',
      body: '{"name":"Elsinore"}',
    });
    expect(await response.text()).toBe('fresh');
    expect(api.seen.map(({ authorization, body }) => [authorization, body])).toEqual([
      ['Bearer token-1', '{"name":"Elsinore"}'],
      ['Bearer token-2', '{"name":"Elsinore"}'],
    ]);
    // The token held is asked for again first: it is still the one refused, so the refresh is forced.
    expect(auth.calls).toEqual([
      { method: 'getAccessToken', args: [] },
      { method: 'getAccessToken', args: [] },
      { method: 'getAccessToken', args: [{ forceRefresh: true }] },
    ]);
  });

  it('after a redirect, sends again only the hop refused: a POST answered 303 is not sent twice', async () => {
    // Node, Deno, Bun, SSR: the 303 is followed by hand. The order is placed, then the GET of the result is refused
    // (the token expired between the hops): the replay is that GET, never the POST (a second order).
    const auth = signedIn('token-1');
    auth.queueRefresh({ access_token: 'token-2' });
    api.route = (request, response) => {
      if (request.method === 'POST') response.writeHead(303, { Location: '/orders/1' }).end();
      else if (request.authorization === 'Bearer token-1') invalidToken(response);
      else response.end('order 1');
    };
    const authFetch = createAuthFetch(auth, { origins: [api.origin] });
    const response = await authFetch(`${api.origin}/orders`, { method: 'POST', body: 'castle=1' });
    expect([await response.text(), response.redirected]).toEqual(['order 1', true]);
    expect(api.seen.map(({ method, path, authorization }) => `${method} ${path} ${authorization}`)).toEqual([
      'POST /orders Bearer token-1',
      'GET /orders/1 Bearer token-1',
      'GET /orders/1 Bearer token-2',
    ]);
  });

  it('after a 307, sends again the hop refused with its method and body, not the first request', async () => {
    const auth = signedIn('token-1');
    auth.queueRefresh({ access_token: 'token-2' });
    api.route = (request, response) => {
      if (request.path === '/old') response.writeHead(307, { Location: '/new' }).end();
      else if (request.authorization === 'Bearer token-1') invalidToken(response);
      else response.end('moved');
    };
    const authFetch = createAuthFetch(auth, { origins: [api.origin] });
    const response = await authFetch(`${api.origin}/old`, { method: 'PUT', body: 'castle=1' });
    expect(await response.text()).toBe('moved');
    expect(api.seen.map(({ method, path, body }) => `${method} ${path} ${body}`)).toEqual([
      'PUT /old castle=1',
      'PUT /new castle=1',
      'PUT /new castle=1',
    ]);
  });

  it('never loops: a second 401 invalid_token is returned as it is', async () => {
    const auth = signedIn('token-1');
    auth.queueRefresh({ access_token: 'token-2' });
    api.route = (_request, response) => invalidToken(response);
    const response = await createAuthFetch(auth, { origins: [api.origin] })(`${api.origin}/castles`);
    expect(response.status).toBe(401);
    expect(api.seen).toHaveLength(2);
  });

  it('does not send again when the refresh brings no new token', async () => {
    api.route = (_request, response) => invalidToken(response);
    const response = await createAuthFetch(signedIn(), { origins: [api.origin] })(`${api.origin}/castles`);
    expect(response.status).toBe(401);
    expect(api.seen).toHaveLength(1);
  });

  it('does not refresh on a 401 that is not a Bearer invalid_token', async () => {
    for (const challenge of ['Bearer realm="api"', 'DPoP error="invalid_token"', 'Basic realm="x"']) {
      const auth = signedIn();
      auth.queueRefresh({ access_token: 'token-2' });
      api.seen = [];
      api.route = (_request, response) => response.writeHead(401, { 'WWW-Authenticate': challenge }).end();
      const response = await createAuthFetch(auth, { origins: [api.origin] })(`${api.origin}/castles`);
      expect(response.status).toBe(401);
      expect(api.seen).toHaveLength(1);
    }
  });

  it('does not send a stream body twice', async () => {
    const auth = signedIn();
    auth.queueRefresh({ access_token: 'token-2' });
    api.route = (_request, response) => invalidToken(response);
    const body = new Blob(['chunk']).stream();
    const init = { method: 'POST', body, duplex: 'half' } as RequestInit;
    const response = await createAuthFetch(auth, { origins: [api.origin] })(`${api.origin}/upload`, init);
    expect(response.status).toBe(401);
    expect(api.seen).toMatchObject([{ body: 'chunk' }]);
  });

  it('a redirect from a listed origin to another one: the token does not follow', async () => {
    api.route = (_request, response) =>
      response.writeHead(302, { Location: `${other.origin}/landing` }).end();
    other.route = (_request, response) => response.end('landed');
    // A fetch that, like some polyfills and older runtimes, keeps every header when it follows a redirect: the
    // token must not follow even then.
    const leakyFetch: typeof fetch = async (input, init) => {
      if (init?.redirect === 'manual' || init?.redirect === 'error') return fetch(input, init);
      let url = new URL(input instanceof Request ? input.url : String(input));
      let response = await fetch(url, { ...init, redirect: 'manual' });
      for (let hops = 0; hops < 5 && response.status >= 300 && response.status < 400; hops += 1) {
        url = new URL(response.headers.get('Location') ?? '', url);
        response = await fetch(url, { ...init, redirect: 'manual' });
      }
      return response;
    };
    const authFetch = createAuthFetch(signedIn(), { origins: [api.origin], fetch: leakyFetch });
    const response = await authFetch(`${api.origin}/moved`);
    expect(await response.text()).toBe('landed');
    expect(api.seen).toMatchObject([{ authorization: 'Bearer token-1' }]);
    expect(other.seen).toMatchObject([{ path: '/landing', authorization: undefined }]);
  });

  it('a redirect within listed origins keeps the token; a 303 after a POST goes on as a GET', async () => {
    api.route = (request, response) =>
      request.path === '/form'
        ? response.writeHead(303, { Location: '/result' }).end()
        : response.end(`${request.method} ${request.path}`);
    const response = await createAuthFetch(signedIn(), { origins: [api.origin] })(`${api.origin}/form`, {
      method: 'POST',
      body: 'a=1',
    });
    expect(await response.text()).toBe('GET /result');
    expect(api.seen.map(({ method, authorization }) => [method, authorization])).toEqual([
      ['POST', 'Bearer token-1'],
      ['GET', 'Bearer token-1'],
    ]);
  });

  it('refuses an entry of origins that is not an origin', () => {
    for (const entry of [
      'https://api.example.com/v1',
      'api.example.com',
      'https://*.*.example.com',
      'ftp://x.y',
    ]) {
      expect(() => createAuthFetch(signedIn(), { origins: [entry] })).toThrow(TypeError);
    }
  });
});
