// What a user relies on: createAuthFetch never sends a request body it cannot send again: not on a 307/308 hop it
// follows by hand, not on the send after a Bearer invalid_token 401. Only a string, Blob, ArrayBuffer, typed array or
// DataView, FormData, URLSearchParams (or no body) can be sent twice. A security review found an async-iterable
// body (`duplex: 'half'`, accepted by Node's fetch) treated as reusable: once spent, an empty POST went out on the
// 307 hop, and again after the 401, to an API that may act on it.
import { afterEach, describe, expect, it } from 'vitest';
import { createAuthFetch } from '../authFetch.js';
import { closeServers, redirectingAPI, refreshable, refusingOnceAPI, signedIn } from './hopServer.js';

afterEach(closeServers);

async function* oneChunk() {
  yield new TextEncoder().encode('payload');
}

const oneShotPost = () => ({ method: 'POST', body: oneChunk(), duplex: 'half' }) as unknown as RequestInit;

describe('createAuthFetch and a body that can be read only once', () => {
  it('never resends a spent async-iterable body on a 307 (fetch rejects; an empty POST goes out)', async () => {
    const api = await redirectingAPI(307);
    const authFetch = createAuthFetch(signedIn(), { origins: [api.origin] });
    const response = await authFetch(`${api.origin}/start`, oneShotPost());
    expect(response.status).toBe(307); // returned as it is, as for a ReadableStream body
    expect(api.seen.map((hop) => [hop.url, hop.body])).toEqual([['/start', 'payload']]);
  }, 30_000);

  it('never replays a spent async-iterable body after a Bearer invalid_token 401', async () => {
    const api = await refusingOnceAPI();
    const authFetch = createAuthFetch(refreshable(), { origins: [api.origin] });
    const response = await authFetch(`${api.origin}/orders`, oneShotPost());
    expect(response.status).toBe(401);
    expect(api.seen.map((hop) => hop.body)).toEqual(['payload']);
  }, 30_000);

  it('still resends a body that can be read again (a typed array) on a 307', async () => {
    const api = await redirectingAPI(307);
    const authFetch = createAuthFetch(signedIn(), { origins: [api.origin] });
    const body = new TextEncoder().encode('payload');
    const response = await authFetch(`${api.origin}/start`, { method: 'POST', body });
    expect(response.status).toBe(200);
    expect(api.seen.map((hop) => [hop.url, hop.body])).toEqual([
      ['/start', 'payload'],
      ['/next', 'payload'],
    ]);
  }, 30_000);
});
