/**
 * An allowed API that redirects (an open redirect) to another origin, which answers 401 `Bearer invalid_token`: that
 * origin never got the token, so its 401 must neither force a refresh nor replay the request (a POST sent twice).
 * Helper 29's finding.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestFiefAuth } from '../../testing/index.js';
import { createAuthFetch } from '../authFetch.js';

const seen: Record<string, string[]> = { api: [], evil: [] };
let apiOrigin = '';
let evilOrigin = '';
const servers: Server[] = [];
async function start(name: 'api' | 'evil', handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen[name]?.push(`${req.method} ${req.headers.authorization ?? '-'}`);
      handler!(req, res);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
beforeAll(async () => {
  // The allowed API has an open redirect (307 keeps the POST); the foreign origin answers Bearer invalid_token.
  apiOrigin = await start('api', (_q, s) => s.writeHead(307, { Location: `${evilOrigin}/x` }).end());
  evilOrigin = await start('evil', (_q, s) =>
    s.writeHead(401, { 'WWW-Authenticate': 'Bearer error="invalid_token"' }).end(),
  );
});
afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

it("a foreign origin's 401 invalid_token (reached by redirect) neither forces a refresh nor replays the POST", async () => {
  const auth = createTestFiefAuth();
  auth.signIn(
    { sub: 'u1', email: 'a@example.com', tenant_id: 't1', fields: {} },
    { access_token: 'token-1' },
  );
  auth.queueRefresh({ access_token: 'token-2' });
  const authFetch = createAuthFetch(auth, { origins: [apiOrigin] });
  await authFetch(`${apiOrigin}/transfer`, { method: 'POST', body: 'amount=100' });
  expect(auth.calls).toEqual([{ method: 'getAccessToken', args: [] }]);
  expect(seen.api).toEqual(['POST Bearer token-1']);
});
