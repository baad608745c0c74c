/**
 * `createAuthFetch`: a `fetch` that sends the access token to the app's own APIs, and to nothing else.
 */

import { FiefError } from '../protocol/errors.js';
import { isInvalidTokenChallenge } from './bearerChallenge.js';
import { originMatcher } from './originList.js';
import { sendWithToken } from './redirectsByHand.js';
import { isReusableBody, withRequestBody } from './requestBody.js';

/** Where {@link createAuthFetch} gets tokens: a `FiefAuth`, or the `createTestFiefAuth()` of a test. */
export interface AccessTokenSource {
  getAccessToken(options?: { forceRefresh?: boolean }): Promise<string | null>;
}

/** Options of {@link createAuthFetch}. */
export interface AuthFetchOptions {
  /**
   * Origins that get `Authorization: Bearer <access token>`: exact (`'https://api.example.com'`, scheme and port
   * included) or `'https://*.example.com'`, where `*` is exactly one DNS label (`eu.example.com`, not
   * `example.com` nor `a.eu.example.com`). Any other request is sent unchanged, never with the token.
   */
  origins: readonly string[];
  /** The `fetch` to send with. Default: the global `fetch`, looked up on each call. */
  fetch?: typeof fetch;
}

/** A `fetch`-compatible function. */
export type AuthFetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/**
 * A `fetch` that adds the access token to requests for `origins`. The token comes from `getAccessToken()` (so it is
 * refreshed first when due); signed out, the call rejects with a `FiefError` `ERR_FIEF_NOT_AUTHENTICATED` and sends
 * nothing. A 401 whose `WWW-Authenticate` is `Bearer error="invalid_token"` makes it refresh once (unless the engine
 * holds a newer token already, which is used instead) and send again once the request refused, when its body can be
 * sent again (not one spent once read: a stream, an async iterable): after redirects, the hop that got the 401, never a
 * request the API answered (a POST answered `303 See Other` is not sent twice). An `AbortSignal` (`init.signal`, or the
 * Request's) is honoured as fetch honours it: the call rejects with its reason at once, while it waits for a token or
 * for the refresh after a 401 too, and asks for no token when it was aborted before. Redirects of a request carrying
 * the token are followed here, hop by hop: a hop to an origin not listed goes without the token, each hop keeps the
 * request's options, and a hop fetch would refuse (not `http(s):`, out of a `same-origin` request's origin) rejects
 * with a `TypeError`. In browsers a redirect's target is hidden from scripts (an `opaqueredirect` response, status 0):
 * that response is returned as-is, so point the token at the API's final URL.
 *
 * @example
 * ```ts
 * const authFetch = createAuthFetch(auth, { origins: ['https://api.example.com'] });
 * const response = await authFetch('https://api.example.com/castles');
 * ```
 */
export function createAuthFetch(auth: AccessTokenSource, options: AuthFetchOptions): AuthFetch {
  const allowed = originMatcher(options.origins);
  const send: AuthFetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init);

  return async (input, init) => {
    const url = requestURL(input);
    if (url === null || !allowed(url)) return send(input, init);
    const signal = init?.signal ?? (input instanceof Request ? input.signal : null);
    const token = await unlessAborted(signal, () => auth.getAccessToken());
    if (token === null) {
      throw new FiefError(
        `expected a signed-in session to call ${url.origin}, found none`,
        'ERR_FIEF_NOT_AUTHENTICATED',
      );
    }
    // fetch is given the absolute URL the decision was made on, never a relative one it could resolve elsewhere.
    const target = input instanceof Request ? input : url.href;
    // A Request's body is read once, here, so that a 307/308 hop and the send after a 401 can send it again.
    const sent = await withRequestBody(input, init, signal);
    const first = { input: target, url, init: sent, hops: 0 };
    const [response, hop] = await sendWithToken(send, allowed, first, token);
    // Only an origin that got the token may refuse it: a 401 after a redirect to another origin is that origin's.
    const refused = hop !== null && response.status === 401;
    if (!refused || !isInvalidTokenChallenge(response.headers.get('WWW-Authenticate'))) return response;
    // Only the refused request goes again: after redirects, the hop that got the 401 (its URL, method and body), never
    // the requests before it, which the API answered (a POST answered 303 was acted on).
    if (!canSendAgain(hop.input, hop.init)) return response;
    // A late 401 for a token the engine has replaced since (another call's 401 refreshed it) spends no refresh
    // token: the one it holds now goes instead. Only a refusal of the token it still holds forces a refresh.
    const held = await unlessAborted(signal, () => auth.getAccessToken());
    const fresh =
      held === token ? await unlessAborted(signal, () => auth.getAccessToken({ forceRefresh: true })) : held;
    if (fresh === null || fresh === token) return response;
    await response.body?.cancel();
    const [again] = await sendWithToken(send, allowed, hop, fresh);
    return again;
  };
}

/**
 * The request's absolute URL; `null` when it cannot be known (a relative URL outside a page or worker). A relative
 * URL is resolved as fetch does (Fetch standard, Request constructor: the API base URL): against the document's base
 * URL in a page (`document.baseURI`, which a `<base href>` sets), against `location` in a worker.
 */
function requestURL(input: RequestInfo | URL): URL | null {
  const href = input instanceof Request ? input.url : input instanceof URL ? input.href : input;
  try {
    return new URL(href, globalThis.document?.baseURI ?? globalThis.location?.href);
  } catch {
    return null;
  }
}

/**
 * What `start()` resolves with, unless `signal` aborts first: then, as fetch does at any step, a rejection with the
 * signal's reason at once, and `start` is never called when it was aborted before.
 */
function unlessAborted<T>(signal: AbortSignal | null | undefined, start: () => Promise<T>): Promise<T> {
  if (!signal) return start();
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    start()
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', abort));
  });
}

/** Whether the request's body (if any) can be sent a second time. */
function canSendAgain(input: RequestInfo | URL, init: RequestInit | undefined): boolean {
  if (init?.body !== undefined && init.body !== null) return isReusableBody(init.body);
  return !(input instanceof Request && input.body !== null);
}
