/**
 * The check sent before the page leaves for Fief (issue 16, item 2): any answer means Fief is reachable; a network
 * error, or no answer before the timeout, is an `ERR_FIEF_UNREACHABLE` error to report instead of leaving.
 */

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FiefError } from '../../protocol/errors.js';
import { probeReachability } from '../identityReachability.js';
import { startServer } from './authTestKit.js';

/** A server on a free loopback port that answers every request with `status` (and lets happy-dom's CORS pass). */
async function answering(status: number): Promise<{ url: string; server: Server; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((request, response) => {
    if (request.method !== 'OPTIONS') paths.push(`${request.method} ${request.url}`);
    response.writeHead(request.method === 'OPTIONS' ? 204 : status, {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET',
    });
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, paths };
}

async function expectUnreachable(probe: Promise<FiefError | null>, baseURL: string): Promise<FiefError> {
  const error = await probe;
  expect(error).toBeInstanceOf(FiefError);
  expect(error).toMatchObject({ code: 'ERR_FIEF_UNREACHABLE' });
  expect(error?.message).toBe(`expected Fief at ${baseURL} to answer, but it could not be reached`);
  expect(error?.cause).toBeDefined();
  return error!;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the reachability check before leaving for Fief', () => {
  it('finds a running Fief reachable, with one request for its discovery document', async () => {
    const fief = await startServer();
    try {
      const before = fief.requests.length;
      expect(await probeReachability(fief.url)).toBeNull();
      const sent = fief.requests.slice(before).filter((request) => request.method !== 'OPTIONS');
      expect(sent).toMatchObject([{ method: 'GET', path: '/.well-known/openid-configuration' }]);
    } finally {
      await fief.close();
    }
  });

  it('finds a Fief reachable whatever its answer says (an error status is an answer)', async () => {
    const { url, server, paths } = await answering(503);
    try {
      expect(await probeReachability(url)).toBeNull();
      expect(paths).toEqual(['GET /.well-known/openid-configuration']);
    } finally {
      server.close();
    }
  });

  it('finds a Fief that went down unreachable at once (the connection is refused)', async () => {
    const fief = await startServer();
    await fief.close();
    const started = Date.now();
    await expectUnreachable(probeReachability(fief.url), fief.url);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('finds a Fief that never answers unreachable when the timeout passes', async () => {
    // happy-dom's fetch does not abort its CORS preflight: a silent server is played by a fetch that never answers.
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => {
      return new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    });
    const started = Date.now();
    const error = await expectUnreachable(probeReachability('http://127.0.0.1:9', 50), 'http://127.0.0.1:9');
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect((error.cause as DOMException).name).toBe('TimeoutError');
  });

  it('asks without cookies, without CORS and past the HTTP cache, following redirects', async () => {
    const fetchFn = vi.fn((_url: string, _init: RequestInit) => Promise.resolve(new Response(null)));
    vi.stubGlobal('fetch', fetchFn);
    expect(await probeReachability('https://example.fief.dev')).toBeNull();
    expect(fetchFn).toHaveBeenCalledOnce();
    const [url, init] = fetchFn.mock.calls[0]!;
    expect(url).toBe('https://example.fief.dev/.well-known/openid-configuration');
    expect(init).toMatchObject({ mode: 'no-cors', credentials: 'omit', cache: 'no-store' });
    // A cross-origin `no-cors` request must follow redirects: any other mode is a network error (Fetch, main fetch).
    expect(init.redirect ?? 'follow').toBe('follow');
    expect(init.method ?? 'GET').toBe('GET');
    expect(init.signal).toBeInstanceOf(AbortSignal);
  });

  it('finds a Fief that answers reachable in a browser without AbortSignal.timeout', async () => {
    const { url, server } = await answering(200);
    // Safari 15: AbortController and fetch, but no AbortSignal.timeout.
    const own = Object.getOwnPropertyDescriptor(AbortSignal, 'timeout');
    Object.defineProperty(AbortSignal, 'timeout', { value: undefined, configurable: true, writable: true });
    let unreachable: Awaited<ReturnType<typeof probeReachability>>;
    try {
      expect(typeof AbortSignal.timeout).toBe('undefined');
      unreachable = await probeReachability(url);
    } finally {
      if (own !== undefined) Object.defineProperty(AbortSignal, 'timeout', own);
      else Reflect.deleteProperty(AbortSignal, 'timeout');
      server.close();
    }
    expect(unreachable).toBeNull();
  });
});
