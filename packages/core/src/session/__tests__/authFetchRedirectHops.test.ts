// What a user relies on: a redirect that createAuthFetch follows by hand (Node, Deno, Bun, SSR: where the 3xx is
// visible) behaves as fetch's own would: the request keeps its options on every hop, and a hop fetch refuses is
// refused. A security review found the hops rebuilt from `init` alone (a `Request`'s credentials, mode, cache,
// integrity, keepalive and referrer policy dropped) and a `Location` to `data:` followed, its content returned as
// the API's answer.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createTestFiefAuth } from '../../testing/index.js';
import { createAuthFetch } from '../authFetch.js';
import { type Seen, serve } from './hopServer.js';

const API = 'https://api.example.test';

/** A fetch that answers 302 -> `location` then 200, and records the effective Request of each call. */
function recordingFetch(location = `${API}/next`) {
  const seen: Request[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push(new Request(input as RequestInfo, init));
    if (seen.length === 1) return new Response(null, { status: 302, headers: { Location: location } });
    return new Response('ok');
  }) as typeof fetch;
  return { seen, fetchFn };
}

function signedIn() {
  const auth = createTestFiefAuth();
  auth.signIn({ sub: 'u1', email: 'a@example.com', tenant_id: 't', fields: {} }, { access_token: 'token-1' });
  return auth;
}

const options = (r: Request) => ({
  credentials: r.credentials,
  mode: r.mode,
  referrerPolicy: r.referrerPolicy,
  cache: r.cache,
  keepalive: r.keepalive,
});

describe('authFetch(Request) on a redirect hop it follows by hand', () => {
  it('keeps the Request’s credentials, mode, referrerPolicy, cache, integrity and keepalive', async () => {
    const { seen, fetchFn } = recordingFetch();
    const authFetch = createAuthFetch(signedIn(), { origins: [API], fetch: fetchFn });
    const request = new Request(`${API}/start`, {
      credentials: 'include',
      mode: 'same-origin',
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
      integrity: 'sha256-Jok2eyBcFs4y7UIAlCuLix4mLfxw2byfvHfElpmk8d8=', // of the final body, 'ok'
      keepalive: true,
    });
    const response = await authFetch(request);
    expect(await response.text()).toBe('ok');
    expect(seen.map((r) => r.url)).toEqual([`${API}/start`, `${API}/next`]);
    // Every hop, the first included: a non-empty init alone would reset the Request's referrerPolicy.
    for (const hop of seen) expect(options(hop)).toEqual(options(request));
    // The integrity is kept for the final response, checked by createAuthFetch (a hop by hand may be a 3xx, which
    // fetch would check it against): no hop carries it. A final body that does not match is refused.
    expect(seen.map((r) => r.integrity)).toEqual(['', '']);
    await expect(authFetch(new Request(request, { integrity: 'sha256-x' }))).rejects.toThrow(TypeError);
    expect(seen[1]?.headers.get('Authorization')).toBe('Bearer token-1');
  });

  it('lets init win over the Request’s options, on every hop', async () => {
    const { seen, fetchFn } = recordingFetch();
    const authFetch = createAuthFetch(signedIn(), { origins: [API], fetch: fetchFn });
    const request = new Request(`${API}/start`, { credentials: 'include', cache: 'no-store' });
    await authFetch(request, { credentials: 'omit' });
    expect(seen.map((r) => [r.credentials, r.cache])).toEqual([
      ['omit', 'no-store'],
      ['omit', 'no-store'],
    ]);
  });

  it('keeps the options on a hop to an origin not listed, which goes without the token', async () => {
    const { seen, fetchFn } = recordingFetch('https://elsewhere.example.test/next');
    const authFetch = createAuthFetch(signedIn(), { origins: [API], fetch: fetchFn });
    const response = await authFetch(new Request(`${API}/start`, { credentials: 'omit', cache: 'no-cache' }));
    expect(response.redirected).toBe(true); // fetch followed from the hop: the chain was redirected all the same
    expect(seen[1]?.url).toBe('https://elsewhere.example.test/next');
    expect(seen[1]?.headers.get('Authorization')).toBeNull();
    expect([seen[1]?.credentials, seen[1]?.cache]).toEqual(['omit', 'no-cache']);
  });

  it('rejects a cross-origin hop of a same-origin request with a TypeError, and sends nothing there', async () => {
    const origins = [API, 'https://elsewhere.example.test'];
    for (const [input, init] of [
      [new Request(`${API}/start`, { mode: 'same-origin' }), undefined],
      [`${API}/start`, { mode: 'same-origin' }],
    ] as const) {
      const { seen, fetchFn } = recordingFetch('https://elsewhere.example.test/next');
      const authFetch = createAuthFetch(signedIn(), { origins, fetch: fetchFn });
      await expect(authFetch(input, init)).rejects.toThrow(TypeError);
      expect(seen.map((r) => r.url)).toEqual([`${API}/start`]);
    }
  });
});

describe('the response at the end of redirects authFetch follows by hand', () => {
  it('says redirected, as fetch’s does, and so does its clone', async () => {
    const api = await serve((req, res) => {
      if (req.url === '/start') res.writeHead(302, { Location: '/next' }).end();
      else res.end('ok');
    });
    try {
      const shape = (response: Response) => [response.url, response.redirected, response.clone().redirected];
      expect(shape(await fetch(`${api.origin}/start`))).toEqual([`${api.origin}/next`, true, true]); // fetch's own
      const ours = await createAuthFetch(signedIn(), { origins: [api.origin] })(`${api.origin}/start`);
      expect(shape(ours)).toEqual([`${api.origin}/next`, true, true]);
      expect(await ours.text()).toBe('ok');
      const direct = await createAuthFetch(signedIn(), { origins: [api.origin] })(`${api.origin}/next`);
      expect(direct.redirected).toBe(false);
    } finally {
      await api.close();
    }
  });
});

describe('a 303 authFetch follows by hand', () => {
  it('drops the body’s headers with the body when the method becomes GET, as fetch does, and only then', async () => {
    const api = await serve((req, res) => {
      if (req.url === '/result') res.end('ok');
      else res.writeHead(303, { Location: '/result' }).end();
    });
    try {
      const headers = {
        'Content-Encoding': 'identity',
        'Content-Language': 'da',
        'Content-Location': '/drafts/7',
        'Content-Type': 'text/plain',
      };
      const authFetch = createAuthFetch(signedIn(), { origins: [api.origin] });
      for (const call of [fetch, authFetch]) {
        await (await call(`${api.origin}/form`, { method: 'POST', body: 'a=1', headers })).text();
        await (await call(`${api.origin}/page`, { headers })).text(); // a GET stays a GET: nothing changes
      }
      const names = ['content-encoding', 'content-language', 'content-location', 'content-type'];
      const kept = (hop: Seen) => names.filter((name) => hop.headers[name] !== undefined).length;
      // fetch's own, then authFetch's: after the POST, none is left; after the GET, all four are.
      expect(api.seen.filter((hop) => hop.url === '/result').map(kept)).toEqual([0, 4, 0, 4]);
    } finally {
      await api.close();
    }
  });
});

describe('a redirect hop authFetch follows by hand to a URL that is not http(s)', () => {
  it.each([
    'data:application/json,{"role":"admin"}',
    'blob:https://api.example.test/0b6c1a2e-0000-4000-8000-000000000000',
    'file:///etc/passwd',
  ])('%s: rejects with a TypeError and sends nothing there', async (location) => {
    const { seen, fetchFn } = recordingFetch(location);
    const authFetch = createAuthFetch(signedIn(), { origins: [API], fetch: fetchFn });
    await expect(authFetch(`${API}/me`)).rejects.toThrow(TypeError);
    expect(seen).toHaveLength(1);
  });

  it('fails as fetch does over real HTTP (Fetch standard: a redirect to a non-HTTP(S) scheme is a network error)', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(302, { Location: 'data:application/json,{"role":"admin"}' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await expect(fetch(`${origin}/me`)).rejects.toThrow(TypeError);
      const authFetch = createAuthFetch(signedIn(), { origins: [origin] });
      await expect(authFetch(`${origin}/me`)).rejects.toThrow(TypeError);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
