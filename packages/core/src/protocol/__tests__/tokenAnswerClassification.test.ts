/**
 * What each network event of a refresh token request becomes: the error's name, code, status, OAuth fields, message,
 * cause, and whether it is marked as the token request's own failure (`tokenRequestFailures`, which the refresh
 * reads to tell a refresh token spent from one it may send again). The same table holds on f5ff219^, where the entry
 * read the answer itself: moving the reading to the protocol's chunk changed none of them.
 */

import { describe, expect, it } from 'vitest';
import { FiefRequestError } from '../errors.js';
import { Fief } from '../fief.js';
import { tokenRequestFailures } from '../tokenRequest.js';
import { type Answer, CLIENT_ID } from './fakeFief.js';
import { useFakeFief } from './fakeFiefPerFile.js';

const { server } = useFakeFief();

/** A body that sends its first bytes, then fails (the connection reset): a real server cannot be made to do it here. */
function resetMidBody(): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"access_tok'));
      controller.error(new TypeError('terminated'));
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
}

interface Event {
  name: string;
  answer?: Answer;
  /** The answer comes this late (after the caller gave up). */
  lateMs?: number;
  fetch?: typeof globalThis.fetch;
  signal?: () => AbortSignal;
  expected: Record<string, unknown>;
}

const TOKEN = 'POST /api/token';
const EVENTS: Event[] = [
  {
    name: 'no answer (offline)',
    fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    expected: { code: 'ERR_FIEF_NETWORK', status: 0, message: `${TOKEN} got no answer`, cause: 'TypeError' },
  },
  {
    name: 'no answer before the caller gave up',
    answer: { body: '{}' },
    lateMs: 1_000,
    signal: () => AbortSignal.timeout(150),
    expected: {
      code: 'ERR_FIEF_NETWORK',
      status: 0,
      message: `${TOKEN} got no answer`,
      cause: 'TimeoutError',
    },
  },
  {
    name: "Fief's OAuth error",
    answer: { status: 400, body: '{"error":"invalid_grant","error_description":"used"}' },
    expected: {
      code: 'ERR_FIEF_REQUEST',
      status: 400,
      error: 'invalid_grant',
      errorDescription: 'used',
      message: `${TOKEN} answered 400 "invalid_grant": "used"`,
    },
  },
  {
    name: "Fief's API detail",
    answer: { status: 401, body: '{"detail":"unauthorized"}' },
    expected: {
      code: 'ERR_FIEF_REQUEST',
      status: 401,
      error: 'unauthorized',
      message: `${TOKEN} answered 401 "unauthorized"`,
    },
  },
  {
    name: 'a 502 page of a proxy',
    answer: { status: 502, contentType: 'text/html', body: '<h1>Bad gateway</h1>' },
    expected: { code: 'ERR_FIEF_REQUEST', status: 502, message: `${TOKEN} answered 502` },
  },
  {
    name: 'a 200 page that is no JSON',
    answer: { contentType: 'text/html', body: '<h1>Welcome to the hotel Wi-Fi</h1>' },
    expected: {
      code: 'ERR_FIEF_RESPONSE_MALFORMED',
      status: 200,
      message: `expected a JSON object from ${TOKEN}, found "text/html" that does not parse as one`,
    },
  },
  {
    name: 'a 200 JSON array',
    answer: { body: '[{"access_token":"a"}]' },
    expected: {
      code: 'ERR_FIEF_RESPONSE_MALFORMED',
      status: 200,
      message: `expected a JSON object from ${TOKEN}, found "application/json" that does not parse as one`,
    },
  },
  {
    name: 'a 200 body cut off (the caller gave up)',
    answer: { body: '{"access_token":"abc","token_type":"bearer"}', stallAfter: 10 },
    signal: () => AbortSignal.timeout(150),
    expected: {
      code: 'ERR_FIEF_RESPONSE_INTERRUPTED',
      status: 200,
      message: `${TOKEN} answered 200, body unread`,
      cause: 'TimeoutError',
    },
  },
  {
    name: 'a 200 body reset mid-read',
    fetch: () => Promise.resolve(resetMidBody()),
    expected: {
      code: 'ERR_FIEF_RESPONSE_INTERRUPTED',
      status: 200,
      message: `${TOKEN} answered 200, body unread`,
      cause: 'TypeError',
    },
  },
  {
    name: 'a redirect',
    answer: { status: 303, headers: { location: 'http://127.0.0.1:9/' }, body: '' },
    expected: {
      code: 'ERR_FIEF_REDIRECT',
      status: 303,
      message: `${TOKEN} answered with a redirect, not followed`,
    },
  },
];

/** What the refresh sees of a failure: every field the tabs and the app read, and the mark. */
function fingerprint(error: unknown, url: string): Record<string, unknown> {
  const request = error as FiefRequestError;
  const cause = request.cause as Error | undefined;
  return {
    name: request.name,
    code: request.code,
    status: request.status,
    error: request.error,
    errorDescription: request.errorDescription,
    message: request.message.replace(url, ''),
    cause: cause?.name,
    marked: tokenRequestFailures.has(request),
  };
}

describe('each network event of a token request', () => {
  it.each(EVENTS)('$name', async ({ answer, lateMs = 0, fetch, signal, expected }) => {
    if (answer !== undefined)
      server.onToken = () => new Promise((resolve) => setTimeout(resolve, lateMs, answer));
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID, fetch });
    fief.setOpenIDConfiguration(server.discovery());

    const error = await fief.authRefreshToken('a-refresh-token', undefined, { signal: signal?.() }).then(
      () => expect.unreachable('expected a rejection'),
      (reason: unknown) => reason,
    );

    expect(error).toBeInstanceOf(FiefRequestError);
    expect(fingerprint(error, server.url)).toEqual({
      name: 'FiefRequestError',
      error: undefined,
      errorDescription: undefined,
      cause: undefined,
      marked: true,
      ...expected,
    });
  });

  it('a 200 JSON object without the members of a token response is not the token request own failure', async () => {
    server.onToken = () => ({ body: '{"token_type":"bearer"}' });
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
    fief.setOpenIDConfiguration(server.discovery());

    const error = await fief.authRefreshToken('a-refresh-token').catch((reason: unknown) => reason);

    // Fief answered 2xx: it may have rotated the refresh token (the refresh never sends it again).
    expect(fingerprint(error, server.url)).toMatchObject({
      code: 'ERR_FIEF_RESPONSE_MALFORMED',
      marked: false,
    });
  });
});
