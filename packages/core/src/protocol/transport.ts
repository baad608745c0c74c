/**
 * Sending a request to Fief, in the entry chunk: the token request of the callback page goes out before any chunk
 * loaded on demand is needed. What comes back is read by `readJSON` (`http.ts`, in the protocol's chunk, which loads
 * while the request is on its way): the status, the body and every failure's `FiefRequestError` are decided there.
 */

/** Where requests go through: the instance's `fetch` and `requestInit`. */
export interface HTTPContext {
  fetch?: typeof fetch | undefined;
  requestInit?: RequestInit | undefined;
}

/** What a protocol call sets itself; it wins over `requestInit`. */
export interface HTTPRequest {
  method: 'GET' | 'POST' | 'PATCH';
  headers?: Record<string, string>;
  body?: string;
}

/**
 * How long a request may go without a complete answer when the caller gave no `signal`: a request that never
 * answers (a captive portal, a stalled mobile link) would otherwise hold the refresh lock of every tab for as long
 * as the browser waits, minutes in some.
 */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * What one request got, read to its end, or why it got less: no `response` when nothing answered (or not within
 * {@link REQUEST_TIMEOUT_MS}), no `text` when the body could not be read, with the `cause` of either. A redirect's
 * `text` is empty: its body is not read.
 */
export interface Answer {
  /** The request, for messages: its method and URL without the query string. */
  readonly requestLine: string;
  readonly response?: Response;
  readonly text?: string;
  readonly cause?: unknown;
}

/** Headers of `requestInit`, then of the call's `requestInit`, then the protocol's own. */
function mergeHeaders(...sources: (HeadersInit | undefined)[]): Headers {
  const headers = new Headers();
  for (const source of sources) {
    new Headers(source).forEach((value, name) => {
      headers.set(name, value);
    });
  }
  return headers;
}

/**
 * Sends `request` to `url` with the context's `fetch` and reads the whole answer (a redirect's body excepted). A
 * failure of the request is in the {@link Answer}, for `readJSON` to describe; it rejects only when the request cannot
 * be built (a `requestInit` header that is not a byte string: the `TypeError` of `Headers`), before anything is sent.
 *
 * @param callRequestInit - Per-call options, merged over the instance's `requestInit`.
 *
 * @example
 * ```ts
 * import { loadProtocolFlows } from './loadProtocolFlows.js';
 *
 * const answer = await sendRequest({}, 'https://fief.example/.well-known/jwks.json', { method: 'GET' });
 * const jwks = (await loadProtocolFlows()).readJSON(answer);
 * ```
 */
export async function sendRequest(
  context: HTTPContext,
  url: string,
  request: HTTPRequest,
  callRequestInit?: RequestInit,
): Promise<Answer> {
  const requestLine = `${request.method} ${url.split('?')[0]}`;
  const init: RequestInit = {
    ...context.requestInit,
    ...callRequestInit,
    method: request.method,
    // Never followed, whatever `requestInit` says: `readJSON` refuses a redirect.
    redirect: 'manual',
    headers: mergeHeaders(context.requestInit?.headers, callRequestInit?.headers, {
      Accept: 'application/json',
      ...request.headers,
    }),
  };
  if (request.body !== undefined) init.body = request.body;
  // A timer cleared once the answer is read: an `AbortSignal.timeout` cannot be cancelled.
  const timeout = new AbortController();
  const timer = init.signal
    ? undefined
    : setTimeout(
        () => timeout.abort(new DOMException('no answer in time', 'TimeoutError')),
        REQUEST_TIMEOUT_MS,
      );
  init.signal ??= timeout.signal;
  let response: Response | undefined;
  try {
    response = await (context.fetch ?? globalThis.fetch)(url, init);
    // A redirect (300 to 399 alone make `status / 100 ^ 3` 0: the XOR truncates the quotient) is refused whatever it
    // carries (`readJSON`): its body, which may trickle or never end (a proxy's page), is not waited for.
    return { requestLine, response, text: (response.status / 100) ^ 3 ? await response.text() : '' };
  } catch (cause) {
    return { requestLine, response, cause };
  } finally {
    // A pending timer would keep a Node process alive for its 30 s.
    clearTimeout(timer);
  }
}
