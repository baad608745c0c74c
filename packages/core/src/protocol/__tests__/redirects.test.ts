import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Fief, FiefRequestError } from '../../index.js';
import { normalizeBaseURL } from '../discoveryEssentials.js';
import { CLIENT_ID, FakeFief, makeKey, type SigningKey } from './fakeFief.js';

// A redirect from Fief's token endpoint, JWKS or user API is never followed: the code, the refresh token or the
// access token would go on to wherever the redirect points, and what answers there is not Fief.
const server = new FakeFief();
let key: SigningKey;
let elsewhere: Server;
let elsewhereURL = '';
const reached: string[] = [];

beforeAll(async () => {
  await server.start();
  key = await makeKey();
  elsewhere = createServer((req, res) => {
    reached.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"keys":[]}');
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  elsewhereURL = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await new Promise((resolve) => elsewhere.close(resolve));
});
beforeEach(() => {
  server.reset([key]);
  reached.length = 0;
});

const redirect = (status: number) => ({ status, headers: { location: `${elsewhereURL}/stolen` }, body: '' });

async function redirectError(promise: Promise<unknown>): Promise<FiefRequestError> {
  const error = await promise.then(
    () => expect.unreachable('expected a rejection'),
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(FiefRequestError);
  expect((error as FiefRequestError).code).toBe('ERR_FIEF_REDIRECT');
  return error as FiefRequestError;
}

describe('a redirect from Fief is not followed', () => {
  it('from the token endpoint: the code goes nowhere else', async () => {
    server.onToken = () => redirect(307);
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
    const error = await redirectError(fief.authCallback('code', 'http://127.0.0.1/cb', 'verifier'));
    expect(error.status).toBe(307);
    expect(reached).toEqual([]);
  });

  it('from the JWKS endpoint', async () => {
    server.jwksAnswer = redirect(302);
    await redirectError(new Fief({ baseURL: server.url, clientId: CLIENT_ID }).getJWKS());
    expect(reached).toEqual([]);
  });

  it('from the user API: the access token goes nowhere else', async () => {
    server.onUser = () => redirect(308);
    await redirectError(new Fief({ baseURL: server.url, clientId: CLIENT_ID }).userinfo('access-token'));
    expect(reached).toEqual([]);
  });

  it('even when requestInit asks to follow redirects', async () => {
    server.onUser = () => redirect(302);
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID, requestInit: { redirect: 'follow' } });
    await redirectError(fief.userinfo('access-token'));
    expect(reached).toEqual([]);
  });
});

describe('a hostile baseURL', () => {
  it('with a run of 100,000 slashes is normalised at once (no quadratic backtracking)', () => {
    // Timed in the test: the call is synchronous, so a test timeout could not interrupt it. A backtracking
    // /\/+$/ tries the run from each of its slashes when something follows it: seconds here; the loop, microseconds.
    const run = '/'.repeat(100_000);
    const started = performance.now();
    expect(normalizeBaseURL(`https://tenant.fief.dev${run}x`)).toBe(`https://tenant.fief.dev${run}x`);
    expect(normalizeBaseURL(`https://tenant.fief.dev${run}`)).toBe('https://tenant.fief.dev');
    expect(performance.now() - started).toBeLessThan(250);
    expect(normalizeBaseURL('////')).toBe('');
  });
});
