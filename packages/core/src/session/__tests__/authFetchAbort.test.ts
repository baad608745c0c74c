// What a user relies on: createAuthFetch honours the call's AbortSignal as fetch does. An abort (an effect's cleanup,
// `AbortSignal.timeout`) rejects the call at once with the signal's reason, at every step: while the token is on
// its way (the engine can wait on a lock, a chunk or another tab for tens of seconds), during the forced refresh
// after a Bearer invalid_token 401, while a Request's body is read up front. A signal aborted before the call asks
// for no token: fetch starts no work for it, and a token asked for may start a refresh. A security review found
// every one of these waits deaf to the signal.
import { describe, expect, it } from 'vitest';
import { createAuthFetch } from '../authFetch.js';
import { serve } from './hopServer.js';

const API = 'https://api.example.test';
/** A token that never comes: an engine waiting on a lock, a chunk or another tab. */
const never = () => new Promise<string | null>(() => {});

/** Settles with what `promise` does within `ms`, or 'still pending'. */
async function within<T>(promise: Promise<T>, ms: number): Promise<string> {
  const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('still pending'), ms));
  const settled = promise.then(
    () => 'resolved',
    (error: unknown) => `rejected ${(error as Error).name}`,
  );
  return Promise.race([settled, timeout]);
}

describe('createAuthFetch honours the AbortSignal as fetch does', () => {
  it('a pre-aborted signal rejects with AbortError and asks for no token (fetch sends nothing)', async () => {
    const api = await serve((_req, res) => res.end('ok'));
    try {
      let asked = 0;
      const auth = {
        getAccessToken: async () => {
          asked += 1; // a real engine may refresh here: a network request and a spent refresh token
          return 'token-1';
        },
      };
      const authFetch = createAuthFetch(auth, { origins: [api.origin] });
      const signal = AbortSignal.abort();
      expect(await within(fetch(`${api.origin}/x`, { signal }), 1000)).toBe('rejected AbortError');
      expect(await within(authFetch(`${api.origin}/x`, { signal }), 1000)).toBe('rejected AbortError');
      expect(asked).toBe(0);
    } finally {
      await api.close();
    }
  }, 30_000);

  it('an abort while the token is on its way rejects at once, with the signal’s reason', async () => {
    const authFetch = createAuthFetch({ getAccessToken: never }, { origins: [API] });
    const controller = new AbortController();
    const call = authFetch(`${API}/x`, { signal: controller.signal });
    const reason = new DOMException('the screen was left', 'TimeoutError'); // as AbortSignal.timeout's
    setTimeout(() => controller.abort(reason), 50);
    expect(await within(call, 1500)).toBe('rejected TimeoutError');
    await expect(call).rejects.toBe(reason);
  });

  it('an abort during the forced refresh after a Bearer invalid_token 401 rejects at once', async () => {
    let refreshAsked = () => {};
    const refreshing = new Promise<void>((resolve) => (refreshAsked = resolve));
    const auth = {
      getAccessToken: (options?: { forceRefresh?: boolean }) => {
        if (!options?.forceRefresh) return Promise.resolve('token-1');
        refreshAsked();
        return never();
      },
    };
    const refused = async () =>
      new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });
    const authFetch = createAuthFetch(auth, { origins: [API], fetch: refused });
    const controller = new AbortController();
    const call = authFetch(`${API}/x`, { signal: controller.signal });
    await refreshing;
    controller.abort();
    expect(await within(call, 1500)).toBe('rejected AbortError');
  });

  it('an abort while a streamed Request body is read up front rejects at once, as fetch does', async () => {
    const api = await serve((_req, res) => res.end('ok'));
    try {
      const authFetch = createAuthFetch({ getAccessToken: async () => 'token-1' }, { origins: [api.origin] });
      const slowBody = () =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('first chunk, the rest never comes'));
          },
        });
      const request = (signal: AbortSignal) =>
        new Request(`${api.origin}/upload`, {
          method: 'POST',
          body: slowBody(),
          duplex: 'half',
          signal,
        } as RequestInit);
      const theirs = new AbortController();
      const fetchCall = fetch(request(theirs.signal));
      setTimeout(() => theirs.abort(), 100);
      expect(await within(fetchCall, 1500)).toBe('rejected AbortError'); // fetch's own
      const ours = new AbortController();
      const call = authFetch(request(ours.signal));
      setTimeout(() => ours.abort(), 100);
      expect(await within(call, 1500)).toBe('rejected AbortError');
    } finally {
      await api.close();
    }
  }, 30_000);
});
