// What a user relies on: a request with `integrity` that createAuthFetch follows through redirects by hand (Node,
// Deno, Bun, SSR) behaves as fetch's own: the integrity is checked on the final response, and only there. A
// security review found it sent on every hop, so fetch checked it against the intermediate 3xx and a redirected
// request with integrity always failed. The hops now go without it, and the final response is checked here.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAuthFetch } from '../authFetch.js';
import { serve, signedIn } from './hopServer.js';

const sha256 = (text: string) => `sha256-${createHash('sha256').update(text).digest('base64')}`;
const sha512 = (text: string) => `sha512-${createHash('sha512').update(text).digest('base64')}`;

async function redirectingAPI() {
  return serve((req, res) => {
    if (req.url === '/start') {
      res.writeHead(302, { Location: '/next' });
      res.end('redirecting');
    } else res.end('ok');
  });
}

describe('createAuthFetch, integrity through redirects followed by hand', () => {
  it('checks integrity on the final response only, as fetch does (not on the 302)', async () => {
    const api = await redirectingAPI();
    try {
      const integrity = sha256('ok');
      expect(await (await fetch(`${api.origin}/start`, { integrity })).text()).toBe('ok'); // fetch's own
      const authFetch = createAuthFetch(signedIn(), { origins: [api.origin] });
      const response = await authFetch(`${api.origin}/start`, { integrity });
      expect(response.status).toBe(200);
      expect(response.url).toBe(`${api.origin}/next`);
      expect(await response.text()).toBe('ok');
    } finally {
      await api.close();
    }
  }, 30_000);

  it('rejects with a TypeError when the final response does not match, as fetch does', async () => {
    const api = await redirectingAPI();
    try {
      const integrity = sha256('something else');
      await expect(fetch(`${api.origin}/start`, { integrity })).rejects.toThrow(TypeError); // fetch's own
      const authFetch = createAuthFetch(signedIn(), { origins: [api.origin] });
      await expect(authFetch(`${api.origin}/start`, { integrity })).rejects.toThrow(TypeError);
      await expect(authFetch(new Request(`${api.origin}/start`, { integrity }))).rejects.toThrow(TypeError);
    } finally {
      await api.close();
    }
  }, 30_000);

  it('counts the strongest algorithm listed only, as SRI does', async () => {
    const api = await redirectingAPI();
    try {
      const authFetch = createAuthFetch(signedIn(), { origins: [api.origin] });
      const matching = `${sha256('other')} ${sha512('ok')}`;
      expect(await (await authFetch(`${api.origin}/start`, { integrity: matching })).text()).toBe('ok');
      const weakerMatches = `${sha256('ok')} ${sha512('other')}`;
      await expect(authFetch(`${api.origin}/start`, { integrity: weakerMatches })).rejects.toThrow(TypeError);
    } finally {
      await api.close();
    }
  }, 30_000);

  it('hands back a checked response that clones with its url, type and redirected, as fetch’s does', async () => {
    const api = await redirectingAPI();
    try {
      const integrity = sha256('ok');
      const shape = (response: Response) => [response.url, response.type, response.redirected];
      const theirs = await fetch(`${api.origin}/start`, { integrity });
      expect(shape(theirs.clone())).toEqual([`${api.origin}/next`, 'basic', true]); // fetch's own
      const authFetch = createAuthFetch(signedIn(), { origins: [api.origin] });
      const ours = await authFetch(`${api.origin}/start`, { integrity });
      expect([shape(ours), shape(ours.clone()), shape(ours.clone().clone())]).toEqual(
        Array(3).fill([`${api.origin}/next`, 'basic', true]),
      );
      expect(await ours.clone().text()).toBe('ok');
    } finally {
      await api.close();
    }
  }, 30_000);

  it('checks a response that is not redirected too', async () => {
    const api = await redirectingAPI();
    try {
      const authFetch = createAuthFetch(signedIn(), { origins: [api.origin] });
      expect(await (await authFetch(`${api.origin}/next`, { integrity: sha256('ok') })).text()).toBe('ok');
      await expect(authFetch(`${api.origin}/next`, { integrity: sha256('ko') })).rejects.toThrow(TypeError);
    } finally {
      await api.close();
    }
  }, 30_000);
});
