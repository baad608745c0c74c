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
  return { origin, seen, close };
}

/** A test auth signed in with access token `token-1`. */
export function signedIn() {
  const auth = createTestFiefAuth();
  auth.signIn({ sub: 'u1', email: 'a@example.com', tenant_id: 't', fields: {} }, { access_token: 'token-1' });
  return auth;
}
