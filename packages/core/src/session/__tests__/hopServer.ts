/** Test kit for redirects createAuthFetch follows by hand in Node: a loopback server and a signed-in auth. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestFiefAuth } from '../../testing/index.js';

/** One request as the server saw it. */
export interface Seen {
  method: string;
  url: string;
  body: string;
  headers: IncomingMessage['headers'];
}

/** The servers {@link serve} opened and {@link closeServers} has not closed yet. */
const open = new Set<() => Promise<unknown>>();

/** Closes every server a test opened: `afterEach(closeServers)`, so that a failed assertion leaks none. */
export async function closeServers(): Promise<void> {
  await Promise.all([...open].map((close) => close()));
  open.clear();
}

/** A loopback HTTP server that records each request (body read whole) before `handler` answers it. */
export async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body, headers: req.headers });
      handler(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A connection left open (a request whose body never ends, a keep-alive socket) would hold close() for seconds.
  const close = () => new Promise((resolve) => server.close(resolve).closeAllConnections());
  open.add(close);
  return { origin, seen, close };
}

/** An API that answers `/start` with a redirect (`status`) to `/next`, and `ok` there. */
export function redirectingAPI(status: 307 | 308) {
  return serve((req, res) => {
    if (req.url === '/start') res.writeHead(status, { Location: '/next' }).end();
    else res.end('ok');
  });
}

/** An API that refuses its first request as a Bearer `invalid_token` 401, and answers `ok` after. */
export async function refusingOnceAPI() {
  const api = await serve((_req, res) => {
    if (api.seen.length === 1)
      res.writeHead(401, { 'WWW-Authenticate': 'Bearer error="invalid_token"' }).end();
    else res.end('ok');
  });
  return api;
}

/** A test auth signed in with access token `token-1`. */
export function signedIn() {
  const auth = createTestFiefAuth();
  auth.signIn({ sub: 'u1', email: 'a@example.com', tenant_id: 't', fields: {} }, { access_token: 'token-1' });
  return auth;
}

/** {@link signedIn}, whose forced refresh (after a 401) brings `token-2`. */
export function refreshable() {
  const auth = signedIn();
  auth.getAccessToken = async (options?: { forceRefresh?: boolean }) =>
    options?.forceRefresh ? 'token-2' : 'token-1';
  return auth;
}
