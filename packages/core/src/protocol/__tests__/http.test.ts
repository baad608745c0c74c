import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fief, FiefRequestError } from '../../index.js';
import { REQUEST_TIMEOUT_MS } from '../transport.js';
import { CLIENT_ID } from './fakeFief.js';
import { useFakeFief } from './fakeFiefPerFile.js';

const { server } = useFakeFief();

const newFief = () => new Fief({ baseURL: server.url, clientId: CLIENT_ID });

async function requestError(promise: Promise<unknown>): Promise<FiefRequestError> {
  const error = await promise.then(
    () => expect.unreachable('expected a rejection'),
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(FiefRequestError);
  return error as FiefRequestError;
}

describe('token endpoint answers', () => {
  it('invalid_grant becomes a FiefRequestError with the OAuth error fields', async () => {
    server.onToken = () => ({
      status: 400,
      body: JSON.stringify({ error: 'invalid_grant', error_description: 'grant request is invalid' }),
    });
    const error = await requestError(newFief().authCallback('code', 'http://127.0.0.1/cb', 'verifier'));
    expect(error).toMatchObject({
      status: 400,
      error: 'invalid_grant',
      errorDescription: 'grant request is invalid',
      code: 'ERR_FIEF_REQUEST',
    });
  });

  it('an HTML error page becomes a FiefRequestError, not a SyntaxError', async () => {
    server.onToken = () => ({
      status: 502,
      contentType: 'text/html',
      body: '<html><body>Bad gateway</body></html>',
    });
    const error = await requestError(newFief().authRefreshToken('refresh'));
    expect(error).toMatchObject({ status: 502, error: undefined, code: 'ERR_FIEF_REQUEST' });
  });

  it('an HTML answer with status 200 is a malformed-response FiefRequestError', async () => {
    server.onToken = () => ({ contentType: 'text/html', body: '<!doctype html><title>Login</title>' });
    const error = await requestError(newFief().authCallback('code', 'http://127.0.0.1/cb', 'verifier'));
    expect(error).toMatchObject({ status: 200, code: 'ERR_FIEF_RESPONSE_MALFORMED' });
    expect(error.message).toContain('text/html');
  });

  it('truncated JSON is a malformed-response FiefRequestError that never echoes the body', async () => {
    const body = JSON.stringify({ access_token: 'secret-access-token', id_token: 'secret-id-token' }).slice(
      0,
      40,
    );
    server.onToken = () => ({ body });
    const error = await requestError(newFief().authCallback('code', 'http://127.0.0.1/cb', 'verifier'));
    expect(error.code).toBe('ERR_FIEF_RESPONSE_MALFORMED');
    expect(error.message).not.toContain('secret');
  });

  it('a JSON answer without id_token is malformed', async () => {
    server.onToken = () => ({
      body: JSON.stringify({ access_token: 'a', token_type: 'bearer', expires_in: 3600 }),
    });
    const error = await requestError(newFief().authCallback('code', 'http://127.0.0.1/cb', 'verifier'));
    expect(error.code).toBe('ERR_FIEF_RESPONSE_MALFORMED');
    expect(error.message).toContain('id_token');
  });

  it('a JSON array or null is malformed', async () => {
    for (const body of ['[]', 'null', '"text"']) {
      server.onToken = () => ({ body });
      const error = await requestError(newFief().authCallback('code', 'http://127.0.0.1/cb', 'verifier'));
      expect(error.code).toBe('ERR_FIEF_RESPONSE_MALFORMED');
    }
  });

  it('a Fief API error keeps its detail', async () => {
    server.onUser = () => ({ status: 403, body: JSON.stringify({ detail: 'INSUFFICIENT_ACR' }) });
    const error = await requestError(newFief().changePassword('token', 'new password'));
    expect(error).toMatchObject({ status: 403, error: 'INSUFFICIENT_ACR', detail: 'INSUFFICIENT_ACR' });
  });
});

describe('discovery answers', () => {
  it('a discovery issuer that differs from baseURL is rejected', async () => {
    server.issuer = 'https://evil.example';
    const error = await requestError(newFief().getOpenIDConfiguration());
    expect(error.code).toBe('ERR_FIEF_ISSUER_MISMATCH');
    expect(error.message).toContain('https://evil.example');
  });

  it('a trailing slash on baseURL or issuer is not a mismatch', async () => {
    server.issuer = `${server.url}/`;
    await expect(
      new Fief({ baseURL: `${server.url}/`, clientId: CLIENT_ID }).getOpenIDConfiguration(),
    ).resolves.toMatchObject({
      issuer: `${server.url}/`,
    });
  });

  it('a discovery document without token_endpoint is malformed', async () => {
    server.discoveryExtras = { token_endpoint: undefined };
    const error = await requestError(newFief().getOpenIDConfiguration());
    expect(error.code).toBe('ERR_FIEF_RESPONSE_MALFORMED');
  });

  it('a failed discovery is retried on the next call', async () => {
    server.issuer = 'https://evil.example';
    const fief = newFief();
    await requestError(fief.getOpenIDConfiguration());
    server.issuer = undefined;
    await expect(fief.getOpenIDConfiguration()).resolves.toMatchObject({ issuer: server.url });
  });

  it('a JWKS without keys is malformed', async () => {
    server.jwks = {} as { keys: [] };
    const error = await requestError(newFief().getJWKS());
    expect(error.code).toBe('ERR_FIEF_RESPONSE_MALFORMED');
  });
});

describe('network failures', () => {
  it('a refused connection is a FiefRequestError with status 0, not a TypeError', async () => {
    const fief = new Fief({ baseURL: 'http://127.0.0.1:9', clientId: CLIENT_ID });
    const error = await requestError(fief.getOpenIDConfiguration());
    expect(error).toMatchObject({ status: 0, code: 'ERR_FIEF_NETWORK' });
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('an answer whose body is cut off is not "no answer": it keeps the status that arrived', async () => {
    const cutOff: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).endsWith('/token')) return response;
      return Object.assign(response.clone(), { text: () => Promise.reject(new TypeError('network error')) });
    };
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID, fetch: cutOff });
    const error = await requestError(fief.authRefreshToken('refresh'));
    expect(error).toMatchObject({ status: 200, code: 'ERR_FIEF_RESPONSE_INTERRUPTED' });
  });

  it('an aborted request is a FiefRequestError', async () => {
    const controller = new AbortController();
    controller.abort();
    const fief = new Fief({
      baseURL: server.url,
      clientId: CLIENT_ID,
      requestInit: { signal: controller.signal },
    });
    const error = await requestError(fief.getOpenIDConfiguration());
    expect(error.code).toBe('ERR_FIEF_NETWORK');
  });
});

describe('requests that never answer', () => {
  // Only the timers of this process are faked: the server and the sockets stay real.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Once `reached` holds (real sockets move meanwhile), lets `ms` of fake time pass. */
  async function waitAfter(reached: () => boolean, ms: number): Promise<void> {
    while (!reached()) await new Promise((resolve) => setImmediate(resolve));
    await vi.advanceTimersByTimeAsync(ms);
  }
  const tokenRequestSent = () => server.requests.some((request) => request.path === '/api/token');

  it('a token request with no answer is abandoned after the timeout: no answer, so the grant can be sent again', async () => {
    server.onToken = () => new Promise(() => {});
    let settled = false;
    const outcome = requestError(newFief().authRefreshToken('refresh')).finally(() => {
      settled = true;
    });
    await waitAfter(tokenRequestSent, REQUEST_TIMEOUT_MS - 1_000);
    expect(settled).toBe(false);
    await waitAfter(tokenRequestSent, 2_000);
    const error = await outcome;
    expect(error).toMatchObject({ status: 0, code: 'ERR_FIEF_NETWORK' });
    expect(server.requests.map((request) => request.path)).toContain('/api/token');
  });

  it('an answer whose body stalls is abandoned as interrupted: Fief answered and may have used the grant', async () => {
    const body = JSON.stringify({ access_token: 'secret-access-token', token_type: 'bearer' });
    server.onToken = () => ({ body, stallAfter: 10 });
    let answered = false;
    const watched: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      answered ||= String(input).endsWith('/token');
      return response;
    };
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID, fetch: watched });
    const outcome = requestError(fief.authRefreshToken('refresh'));
    await waitAfter(() => answered, REQUEST_TIMEOUT_MS + 1_000);
    const error = await outcome;
    expect(error).toMatchObject({ status: 200, code: 'ERR_FIEF_RESPONSE_INTERRUPTED' });
    expect(error.message).not.toContain('secret');
  });

  it("the caller's own signal replaces the timeout", async () => {
    server.onToken = () => new Promise(() => {});
    const controller = new AbortController();
    const fief = new Fief({
      baseURL: server.url,
      clientId: CLIENT_ID,
      requestInit: { signal: controller.signal },
    });
    let settled = false;
    const outcome = requestError(fief.authRefreshToken('refresh')).finally(() => {
      settled = true;
    });
    await waitAfter(tokenRequestSent, REQUEST_TIMEOUT_MS * 2);
    expect(settled).toBe(false);
    controller.abort();
    expect(await outcome).toMatchObject({ code: 'ERR_FIEF_NETWORK' });
  });
});
