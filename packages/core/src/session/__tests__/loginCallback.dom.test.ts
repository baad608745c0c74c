import { afterEach, describe, expect, it, vi } from 'vitest';
import { chunkLoadError, FiefRequestError } from '../../protocol/errors.js';
import { loadProtocolFlows } from '../../protocol/loadProtocolFlows.js';
import type { FiefAuthOptions } from '../fiefAuthOptions.js';
import { loadSessionFlows } from '../loadSessionFlows.js';
import type { FiefLogEvent } from '../logEvents.js';
import { REDIRECT_URI, setPageURL, tokenRequests, useAuthHarness, waitFor } from './authTestKit.js';
import { freshCallbackPage } from './callbackPages.js';

// Every module reaches a chunk loaded on demand through its layer's door, `loadProtocolFlows()` or
// `loadSessionFlows()` (`entryChunk.test.ts` checks that no other module imports them): holding those functions back
// holds the chunks back.
vi.mock('../../protocol/loadProtocolFlows.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../protocol/loadProtocolFlows.js')>();
  return { loadProtocolFlows: vi.fn(actual.loadProtocolFlows) };
});
vi.mock('../loadSessionFlows.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../loadSessionFlows.js')>();
  return { ...actual, loadSessionFlows: vi.fn(actual.loadSessionFlows) };
});

const harness = useAuthHarness();
const doors = [
  {
    load: vi.mocked(loadProtocolFlows),
    real: (
      await vi.importActual<typeof import('../../protocol/loadProtocolFlows.js')>(
        '../../protocol/loadProtocolFlows.js',
      )
    ).loadProtocolFlows,
  },
  {
    load: vi.mocked(loadSessionFlows),
    real: (await vi.importActual<typeof import('../loadSessionFlows.js')>('../loadSessionFlows.js'))
      .loadSessionFlows,
  },
] as const;

afterEach(() => {
  doors[0].load.mockImplementation(doors[0].real);
  doors[1].load.mockImplementation(doors[1].real);
});

/** Makes every later load of either chunk wait until `release()` is called. */
function holdChunkBack(): { release: () => void; calls: () => number } {
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const before = doors.map((door) => door.load.mock.calls.length);
  doors[0].load.mockImplementation(async () => {
    await held;
    return doors[0].real();
  });
  doors[1].load.mockImplementation(async () => {
    await held;
    return doors[1].real();
  });
  const calls = () =>
    doors.reduce((sum, door, index) => sum + door.load.mock.calls.length - (before[index] ?? 0), 0);
  return { release, calls };
}

/** The requests Fief received (CORS preflights left out), as `METHOD /path`. */
function sent(): string[] {
  return harness.server.requests
    .filter((request) => request.method !== 'OPTIONS')
    .map((request) => `${request.method} ${request.path}`);
}

const callbackPage = (options?: FiefAuthOptions) => freshCallbackPage(harness, options);

/** The session chunk fails to load from now on (offline, removed by a deploy), as the door reports it. */
function sessionChunkFails(): void {
  doors[1].load.mockImplementation(() => {
    const failed = Promise.reject(new TypeError('Failed to fetch'));
    // As the real door: a load started early and awaited later is not an unhandled rejection meanwhile.
    failed.catch(() => {});
    return failed;
  });
}

describe('the callback page', () => {
  it('sends the token request and the JWKS request while the validation code is still loading', async () => {
    const auth = await callbackPage();
    harness.server.clearRequests();
    const chunk = holdChunkBack();

    const result = auth.authCallback(REDIRECT_URI);

    // The chunk is held back: the token request and the JWKS request reach Fief all the same ...
    await waitFor(
      () => tokenRequests(harness.server) === 1 && sent().includes('GET /.well-known/jwks.json'),
      5_000,
      'the token and JWKS requests',
    );
    // ... and the load of the chunk was started with them, not after.
    expect(chunk.calls()).toBeGreaterThan(0);
    expect(auth.getSnapshot().status).toBe('loading');
    expect(sent()).toEqual(['POST /api/token', 'GET /.well-known/jwks.json']);

    chunk.release();
    const { userinfo } = await result;
    expect(userinfo.sub).toBeTruthy();
    expect(auth.getSnapshot().status).toBe('authenticated');
    expect(tokenRequests(harness.server)).toBe(1);
  });

  it('asks for both chunks at once, before it awaits anything, so a fast app server never delivers one before the page asks for the other', async () => {
    const auth = await callbackPage();
    const before = doors.map((door) => door.load.mock.calls.length);

    const result = auth.authCallback(REDIRECT_URI);
    // Synchronously: `<FiefAuthProvider>`'s start, which asks for the session's chunk, runs in the same task, after.
    const asked = doors.map((door, index) => door.load.mock.calls.length - (before[index] ?? 0));

    await result;
    // Asked for after a discovery read, the validation code was a request in series on a fast server.
    expect(asked.map((calls) => calls > 0)).toEqual([true, true]);
  });

  it('refuses an unknown state before sending anything, worded once the session chunk is there', async () => {
    const auth = await callbackPage();
    const url = new URL(window.location.href);
    url.searchParams.set('state', 'x'.repeat(43));
    setPageURL(url.href);
    harness.server.clearRequests();
    const chunk = holdChunkBack();

    const refused = auth.authCallback(REDIRECT_URI).catch((error: unknown) => error);
    // The refusal's words are the session chunk's (`callbackRefusal.ts`): it waits for it, and sends nothing meanwhile.
    await waitFor(() => chunk.calls() > 0, 5_000, 'the load of the session chunk');
    expect(harness.server.requests).toEqual([]);
    chunk.release();

    expect(await refused).toMatchObject({
      name: 'FiefAuthCallbackError',
      reason: 'unknown_state',
      message: expect.stringMatching(/^expected the state of a login started in this tab/),
    });
    expect(harness.server.requests).toEqual([]);
  });

  it('refuses with the reason alone when the session chunk does not load, and sends nothing', async () => {
    const auth = await callbackPage();
    const url = new URL(window.location.href);
    url.searchParams.set('state', 'x'.repeat(43));
    setPageURL(url.href);
    harness.server.clearRequests();
    sessionChunkFails();

    await expect(auth.authCallback(REDIRECT_URI)).rejects.toMatchObject({
      name: 'FiefAuthCallbackError',
      reason: 'unknown_state',
      message: 'expected to finish the login, refused: unknown_state',
    });
    expect(auth.getSnapshot()).toMatchObject({ status: 'error', userinfo: null, tokenInfo: null });
    expect(harness.server.requests).toEqual([]);
  });

  // A chunk whose download stalls fails its door's load after a request's time (`chunkInTime.ts`; the doors' own
  // tests check the bound). Here each door gives up once the token request has reached Fief, as a stall would.
  it.each([
    ['protocol', 0, () => chunkLoadError(new Error('no chunk within 30000 ms'))],
    ['session', 1, () => new Error('no chunk within 30000 ms')],
  ] as const)(
    'fails in time when the %s chunk never arrives, and keeps nothing it was given',
    async (_name, door, stall) => {
      const auth = await callbackPage();
      harness.server.clearRequests();
      doors[door].load.mockImplementation(async () => {
        await waitFor(() => tokenRequests(harness.server) === 1, 5_000, 'the token request');
        throw stall();
      });

      const failure = await auth.authCallback(REDIRECT_URI).catch((error: unknown) => error);

      expect(failure).toMatchObject({
        name: 'FiefAuthCallbackError',
        reason: 'token_exchange',
        cause: { code: 'ERR_FIEF_CHUNK_LOAD' },
      });
      expect(auth.getSnapshot()).toMatchObject({ status: 'error', userinfo: null, tokenInfo: null });
      expect(Object.keys(sessionStorage).filter((key) => key.includes(':session:'))).toEqual([]);
      expect(window.location.search).toBe('');
    },
  );

  // Everything after the token answer is the session chunk's: without it, the entry still says why the login failed.
  it("fails with Fief's answer as the cause when the session chunk does not load and Fief refuses the code", async () => {
    const events: FiefLogEvent[] = [];
    const auth = await callbackPage({ logger: (event) => events.push(event) });
    const url = new URL(window.location.href);
    url.searchParams.set('code', 'a-code-fief-never-issued');
    setPageURL(url.href);
    harness.server.clearRequests();
    sessionChunkFails();

    const failure = await auth.authCallback(REDIRECT_URI).catch((error: unknown) => error);

    expect(tokenRequests(harness.server)).toBe(1);
    expect(failure).toMatchObject({
      name: 'FiefAuthCallbackError',
      reason: 'token_exchange',
      cause: { code: 'ERR_FIEF_REQUEST', error: 'invalid_grant' },
    });
    expect((failure as Error).cause).toBeInstanceOf(FiefRequestError);
    expect(auth.getSnapshot()).toMatchObject({ status: 'error', userinfo: null, tokenInfo: null });
    expect(window.location.search).toBe('');
    expect(events).toContainEqual({
      type: 'callback.failed',
      code: 'ERR_FIEF_AUTH_CALLBACK',
      reason: 'token_exchange',
    });
  });
});
