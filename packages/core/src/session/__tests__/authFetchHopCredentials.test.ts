// What a user relies on: a redirect that createAuthFetch follows by hand (Node, Deno, Bun, SSR: where the 3xx is
// visible) hands another origin no more credentials than fetch's own redirect would. fetch (undici, and the Fetch
// standard for Authorization) drops `Authorization`, `Cookie` and `Proxy-Authorization` on a hop to another origin.
// A security review found createAuthFetch dropping only `Authorization`: the app's cookie and proxy credentials went
// to the origin the API redirected to.
import { describe, expect, it } from 'vitest';
import { createAuthFetch } from '../authFetch.js';
import { serve, signedIn } from './hopServer.js';

const headers = { Cookie: 'sid=secret', 'Proxy-Authorization': 'Basic c2VjcmV0' };

describe('createAuthFetch, credentials on a redirect hop followed by hand', () => {
  it('drops Cookie and Proxy-Authorization on a hop to another origin, as fetch does', async () => {
    const other = await serve((_req, res) => res.end('other'));
    const api = await serve((_req, res) => {
      res.writeHead(302, { Location: `${other.origin}/landing` });
      res.end();
    });
    try {
      await fetch(`${api.origin}/start`, { headers }); // fetch's own: other gets neither
      const authFetch = createAuthFetch(signedIn(), { origins: [api.origin] });
      await authFetch(`${api.origin}/start`, { headers });
      expect(other.seen).toHaveLength(2);
      for (const hop of other.seen) {
        expect(hop.headers.authorization).toBeUndefined();
        expect(hop.headers.cookie).toBeUndefined();
        expect(hop.headers['proxy-authorization']).toBeUndefined();
      }
    } finally {
      await api.close();
      await other.close();
    }
  }, 30_000);

  it('drops them on a hop to another listed origin too (which still gets the token)', async () => {
    const other = await serve((_req, res) => res.end('other'));
    const api = await serve((_req, res) => {
      res.writeHead(307, { Location: `${other.origin}/landing` });
      res.end();
    });
    try {
      const authFetch = createAuthFetch(signedIn(), { origins: [api.origin, other.origin] });
      await authFetch(`${api.origin}/start`, { headers });
      expect(other.seen.map((hop) => hop.headers)).toMatchObject([{ authorization: 'Bearer token-1' }]);
      expect(other.seen[0]?.headers.cookie).toBeUndefined();
      expect(other.seen[0]?.headers['proxy-authorization']).toBeUndefined();
    } finally {
      await api.close();
      await other.close();
    }
  }, 30_000);

  it('keeps them on a hop within the same origin', async () => {
    const api = await serve((req, res) => {
      if (req.url === '/start') res.writeHead(302, { Location: '/next' }).end();
      else res.end('ok');
    });
    try {
      const authFetch = createAuthFetch(signedIn(), { origins: [api.origin] });
      await authFetch(`${api.origin}/start`, { headers });
      expect(
        api.seen.map((hop) => [hop.url, hop.headers.cookie, hop.headers['proxy-authorization']]),
      ).toEqual([
        ['/start', 'sid=secret', 'Basic c2VjcmV0'],
        ['/next', 'sid=secret', 'Basic c2VjcmV0'],
      ]);
    } finally {
      await api.close();
    }
  }, 30_000);
});
