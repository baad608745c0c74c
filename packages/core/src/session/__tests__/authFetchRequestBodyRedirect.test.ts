// What a user relies on: `authFetch(new Request(url, { method: 'POST', body }))` behaves as `fetch(request)`: a
// 307/308 it follows by hand (Node, Deno, Bun, SSR) goes on with the same body, and the app gets the final answer. A
// security review found such a request returned as the raw 307 (its body was seen as unable to be sent again). The
// Request's body is now read once, up front, and that copy is sent on every hop (and on the send after a Bearer
// invalid_token 401).
import { describe, expect, it } from 'vitest';
import { createAuthFetch } from '../authFetch.js';
import { serve, signedIn } from './hopServer.js';

describe('authFetch(Request with a body) and a redirect it follows by hand', () => {
  it('follows a 307 of a Request with a body, as fetch does (it was returned as the raw 307)', async () => {
    const api = await serve((req, res) => {
      if (req.url === '/start') {
        res.writeHead(307, { Location: '/next' });
        res.end();
      } else res.end('ok');
    });
    try {
      const authFetch = createAuthFetch(signedIn(), { origins: [api.origin] });
      const response = await authFetch(
        new Request(`${api.origin}/start`, { method: 'POST', body: 'payload' }),
      );
      expect(response.status).toBe(200);
      expect(api.seen.map((hop) => [hop.url, hop.body])).toEqual([
        ['/start', 'payload'],
        ['/next', 'payload'],
      ]);
    } finally {
      await api.close();
    }
  }, 30_000);

  it('keeps the Request’s Content-Type and method on a 308 hop', async () => {
    const api = await serve((req, res) => {
      if (req.url === '/start') res.writeHead(308, { Location: '/next' }).end();
      else res.end('ok');
    });
    try {
      const authFetch = createAuthFetch(signedIn(), { origins: [api.origin] });
      const body = new URLSearchParams({ amount: '10' });
      const response = await authFetch(new Request(`${api.origin}/start`, { method: 'PUT', body }));
      expect(response.status).toBe(200);
      expect(api.seen.map((hop) => [hop.method, hop.url, hop.body, hop.headers['content-type']])).toEqual([
        ['PUT', '/start', 'amount=10', 'application/x-www-form-urlencoded;charset=UTF-8'],
        ['PUT', '/next', 'amount=10', 'application/x-www-form-urlencoded;charset=UTF-8'],
      ]);
    } finally {
      await api.close();
    }
  }, 30_000);

  it('sends the same body again after a Bearer invalid_token 401, and leaves the Request unread', async () => {
    const api = await serve((_req, res) => {
      if (api.seen.length === 1)
        res.writeHead(401, { 'WWW-Authenticate': 'Bearer error="invalid_token"' }).end();
      else res.end('ok');
    });
    try {
      const auth = signedIn();
      auth.getAccessToken = async (options?: { forceRefresh?: boolean }) =>
        options?.forceRefresh ? 'token-2' : 'token-1';
      const request = new Request(`${api.origin}/orders`, { method: 'POST', body: 'payload' });
      const response = await createAuthFetch(auth, { origins: [api.origin] })(request);
      expect(response.status).toBe(200);
      expect(api.seen.map((hop) => [hop.body, hop.headers.authorization])).toEqual([
        ['payload', 'Bearer token-1'],
        ['payload', 'Bearer token-2'],
      ]);
      expect(request.bodyUsed).toBe(false);
    } finally {
      await api.close();
    }
  }, 30_000);
});
