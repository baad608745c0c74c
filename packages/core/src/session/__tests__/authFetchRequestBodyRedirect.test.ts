// What a user relies on: `authFetch(new Request(url, { method: 'POST', body }))` behaves as `fetch(request)`: a
// 307/308 it follows by hand (Node, Deno, Bun, SSR) goes on with the same body, and the app gets the final answer. A
// security review found such a request returned as the raw 307 (its body was seen as unable to be sent again). The
// Request's body is now read once, up front, and that copy is sent on every hop (and on the send after a Bearer
// invalid_token 401).
import { afterEach, describe, expect, it } from 'vitest';
import { createAuthFetch } from '../authFetch.js';
import { closeServers, redirectingAPI, refreshable, refusingOnceAPI, signedIn } from './hopServer.js';

afterEach(closeServers);

describe('authFetch(Request with a body) and a redirect it follows by hand', () => {
  it('follows a 307 of a Request with a body, as fetch does (it was returned as the raw 307)', async () => {
    const api = await redirectingAPI(307);
    const authFetch = createAuthFetch(signedIn(), { origins: [api.origin] });
    const response = await authFetch(new Request(`${api.origin}/start`, { method: 'POST', body: 'payload' }));
    expect(response.status).toBe(200);
    expect(api.seen.map((hop) => [hop.url, hop.body])).toEqual([
      ['/start', 'payload'],
      ['/next', 'payload'],
    ]);
  }, 30_000);

  it('keeps the Request’s Content-Type and method on a 308 hop', async () => {
    const api = await redirectingAPI(308);
    const authFetch = createAuthFetch(signedIn(), { origins: [api.origin] });
    const body = new URLSearchParams({ amount: '10' });
    const response = await authFetch(new Request(`${api.origin}/start`, { method: 'PUT', body }));
    expect(response.status).toBe(200);
    expect(api.seen.map((hop) => [hop.method, hop.url, hop.body, hop.headers['content-type']])).toEqual([
      ['PUT', '/start', 'amount=10', 'application/x-www-form-urlencoded;charset=UTF-8'],
      ['PUT', '/next', 'amount=10', 'application/x-www-form-urlencoded;charset=UTF-8'],
    ]);
  }, 30_000);

  it('sends the same body again after a Bearer invalid_token 401, and leaves the Request unread', async () => {
    const api = await refusingOnceAPI();
    const request = new Request(`${api.origin}/orders`, { method: 'POST', body: 'payload' });
    const response = await createAuthFetch(refreshable(), { origins: [api.origin] })(request);
    expect(response.status).toBe(200);
    expect(api.seen.map((hop) => [hop.body, hop.headers.authorization])).toEqual([
      ['payload', 'Bearer token-1'],
      ['payload', 'Bearer token-2'],
    ]);
    expect(request.bodyUsed).toBe(false);
  }, 30_000);
});
