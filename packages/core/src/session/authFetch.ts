/**
 * `createAuthFetch`: a `fetch` that sends the access token to the app's own APIs, and to nothing else.
 */

import { FiefError } from '../protocol/errors.js';
import { isInvalidTokenChallenge } from './bearerChallenge.js';
import { originMatcher } from './originList.js';

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

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** The Fetch standard's limit. */
const MAX_REDIRECTS = 20;

/**
 * A `fetch` that adds the access token to requests for `origins`. The token comes from `getAccessToken()` (so it is
 * refreshed first when due); signed out, the call rejects with a `FiefError` `ERR_FIEF_NOT_AUTHENTICATED` and sends
 * nothing. A 401 whose `WWW-Authenticate` is `Bearer error="invalid_token"` makes it refresh once and send again
 * once, when the body can be sent again (not one spent once read: a stream, an async iterable). Redirects of a
 * request carrying the token are followed here, hop by hop: a hop to an origin not listed goes without the token,
 * each hop keeps the request's options, and a hop fetch would refuse (not `http(s):`, out of a `same-origin`
 * request's origin) rejects with a `TypeError`. In browsers a redirect's target is hidden from scripts (an
 * `opaqueredirect` response, status 0): that response is returned as-is, so point the token at the API's final URL.
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
    const token = await auth.getAccessToken();
    if (token === null) {
      throw new FiefError(
        `expected a signed-in session to call ${url.origin}, found none`,
        'ERR_FIEF_NOT_AUTHENTICATED',
      );
    }
    // fetch is given the absolute URL the decision was made on, never a relative one it could resolve elsewhere.
    const target = input instanceof Request ? input : url.href;
    const [response, fromTokenHolder] = await sendWithToken(send, allowed, target, init, token);
    // Only an origin that got the token may refuse it: a 401 after a redirect to another origin is that origin's.
    const refused = fromTokenHolder && response.status === 401;
    if (!refused || !isInvalidTokenChallenge(response.headers.get('WWW-Authenticate'))) return response;
    if (!canSendAgain(input, init)) return response;
    const fresh = await auth.getAccessToken({ forceRefresh: true });
    if (fresh === null || fresh === token) return response;
    await response.body?.cancel();
    const [again] = await sendWithToken(send, allowed, target, init, fresh);
    return again;
  };
}

async function sendWithToken(
  send: AuthFetch,
  allowed: (url: URL) => boolean,
  input: RequestInfo | URL,
  init: RequestInit | undefined,
  token: string,
): Promise<[response: Response, fromTokenHolder: boolean]> {
  const request = input instanceof Request ? input : null;
  const redirectMode = init?.redirect ?? request?.redirect ?? 'follow';
  const headers = new Headers(init?.headers ?? request?.headers);
  headers.set('Authorization', `Bearer ${token}`);
  // Every hop, the first included, is the same request: the Request's own options are kept, `init` winning as in
  // fetch (a non-empty `init` alone would reset a Request's referrer and referrerPolicy).
  const options = requestOptions(request, init);
  // Never let fetch follow a redirect with the token: what it does with `Authorization` across origins varies.
  let response = await send(input, {
    ...options,
    headers,
    redirect: redirectMode === 'follow' ? 'manual' : redirectMode,
  });
  let url = requestURL(input) as URL;
  const { origin } = url;
  let method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
  let body = init?.body;
  for (let hops = 0; redirectMode === 'follow' && REDIRECT_STATUSES.has(response.status); hops += 1) {
    const location = response.headers.get('Location');
    if (location === null) return [response, true];
    if (hops === MAX_REDIRECTS) throw new TypeError('expected at most 20 redirects, found more');
    // Fetch standard, HTTP-redirect fetch: 303 (and 301/302 after a POST) go on as a GET without a body.
    if ((response.status === 303 && method !== 'HEAD') || (method === 'POST' && response.status < 303)) {
      method = 'GET';
      body = undefined;
      for (const name of ['Content-Type', 'Content-Length', 'Content-Encoding', 'Content-Language']) {
        headers.delete(name);
      }
    } else if (!canReuse(body) || (body === undefined && request?.body != null)) {
      return [response, true]; // the body cannot be sent again
    }
    const next = new URL(location, url);
    await response.body?.cancel();
    // Fetch standard (HTTP-redirect fetch, main fetch): a hop fetch would refuse is refused here too. A `data:` or
    // `blob:` answer would otherwise be handed to the app as the API's.
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new TypeError(`expected a redirect to an http(s) URL, found ${next.protocol}`);
    }
    if (options.mode === 'same-origin' && next.origin !== origin) {
      throw new TypeError(`expected a same-origin redirect (mode 'same-origin'), found ${next.origin}`);
    }
    // As fetch does (undici; the Fetch standard for Authorization): the app's credentials for one origin do not go
    // to another. Browsers never let a script set these two; Node, Deno and Bun do.
    if (next.origin !== url.origin) {
      for (const name of ['Cookie', 'Proxy-Authorization']) headers.delete(name);
    }
    url = next;
    if (!allowed(url)) headers.delete('Authorization');
    response = await send(url.href, {
      ...options,
      method,
      headers,
      body,
      redirect: headers.has('Authorization') ? 'manual' : 'follow',
    });
    if (!headers.has('Authorization')) return [response, false];
  }
  return [response, true];
}

/**
 * The options of each send: `init`, over the fields of a `Request` input that a redirect keeps (Fetch standard: the
 * same request goes on; integrity included, checked on the final response). Method, headers and body are set by the
 * caller; `navigate` is not a mode a script may set (`new Request(request)` makes it `same-origin`).
 */
function requestOptions(request: Request | null, init: RequestInit | undefined): RequestInit {
  const mode = init?.mode ?? request?.mode;
  return {
    ...init,
    cache: init?.cache ?? request?.cache,
    credentials: init?.credentials ?? request?.credentials,
    integrity: init?.integrity ?? request?.integrity,
    keepalive: init?.keepalive ?? request?.keepalive,
    mode: mode === 'navigate' ? 'same-origin' : mode,
    referrer: init?.referrer ?? request?.referrer,
    referrerPolicy: init?.referrerPolicy ?? request?.referrerPolicy,
    signal: init?.signal ?? request?.signal,
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

/** Whether the request's body (if any) can be sent a second time. */
function canSendAgain(input: RequestInfo | URL, init: RequestInit | undefined): boolean {
  if (init?.body !== undefined && init.body !== null) return canReuse(init.body);
  return !(input instanceof Request && input.body !== null);
}

/**
 * Whether a body can be sent twice: a type that fetch reads afresh on each send. Anything else (a `ReadableStream`,
 * an async iterable that Node's fetch accepts with `duplex: 'half'`, whatever comes next) is spent by the first send.
 */
function canReuse(body: unknown): boolean {
  return (
    body === undefined ||
    body === null ||
    typeof body === 'string' ||
    body instanceof Blob ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    body instanceof FormData ||
    body instanceof URLSearchParams
  );
}
