import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FiefAuthOptions } from '../fiefAuthOptions.js';
import { loadSessionFlows } from '../loadSessionFlows.js';
import { REDIRECT_URI, setPageURL, tokenRequests, useAuthHarness } from './authTestKit.js';
import { freshCallbackPage } from './callbackPages.js';

// The session chunk is reached only through `loadSessionFlows()` (`entryChunk.test.ts`): failing that door fails the
// chunk, as offline or after a deploy removed it.
vi.mock('../loadSessionFlows.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../loadSessionFlows.js')>();
  return { ...actual, loadSessionFlows: vi.fn(actual.loadSessionFlows) };
});

const harness = useAuthHarness();
const door = vi.mocked(loadSessionFlows);
const realLoad = (await vi.importActual<typeof import('../loadSessionFlows.js')>('../loadSessionFlows.js'))
  .loadSessionFlows;

afterEach(() => {
  door.mockImplementation(realLoad);
});

const callbackPage = (options?: FiefAuthOptions) => freshCallbackPage(harness, options);

function sessionChunkFails(): void {
  door.mockImplementation(() => {
    const failed = Promise.reject(new TypeError('Failed to fetch'));
    failed.catch(() => {});
    return failed;
  });
}

// What Fief sent is the app's to show (`error`, `error_description`): the callback's error keeps it on its fields
// whether or not the session chunk, which words the message, could load. Before the token answer moved to that chunk
// (9966cc3), a refused code kept them without it; the reason alone must not drop them.
describe('a callback whose session chunk does not load', () => {
  it("keeps Fief's error and error_description of a refused code on the error", async () => {
    const auth = await callbackPage();
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
      error: 'invalid_grant',
      errorDescription: expect.stringMatching(/\S/),
    });
    expect(auth.getSnapshot()).toMatchObject({ status: 'error', userinfo: null, tokenInfo: null });
    expect(window.location.search).toBe('');
  });

  it("keeps the authorization error's error and error_description on the error, and sends nothing", async () => {
    const auth = await callbackPage();
    const url = new URL(window.location.href);
    url.searchParams.delete('code');
    url.searchParams.set('error', 'access_denied');
    url.searchParams.set('error_description', 'Call 0800 to unlock');
    setPageURL(url.href);
    harness.server.clearRequests();
    sessionChunkFails();

    const failure = await auth.authCallback(REDIRECT_URI).catch((error: unknown) => error);

    expect(tokenRequests(harness.server)).toBe(0);
    expect(failure).toMatchObject({
      name: 'FiefAuthCallbackError',
      reason: 'authorization_error',
      error: 'access_denied',
      errorDescription: 'Call 0800 to unlock',
    });
    expect(auth.getSnapshot()).toMatchObject({ status: 'error', userinfo: null, tokenInfo: null });
    expect(window.location.search).toBe('');
  });

  // Strings of the URL that are not strings (an error given twice is refused by the parser) never reach the fields.
  it('keeps the fields of a refusal that is not about Fief empty', async () => {
    const auth = await callbackPage();
    const url = new URL(window.location.href);
    url.searchParams.delete('code');
    setPageURL(url.href);
    sessionChunkFails();

    const failure = await auth.authCallback(REDIRECT_URI).catch((error: unknown) => error);

    expect(failure).toMatchObject({ name: 'FiefAuthCallbackError', reason: 'missing_code' });
    expect((failure as { error?: unknown }).error).toBeUndefined();
    expect((failure as { errorDescription?: unknown }).errorDescription).toBeUndefined();
  });
});
