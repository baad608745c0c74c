/**
 * The one function that talks to Fief: sends a request with the caller's `fetch` and `requestInit`, and turns
 * every failure (no answer, an answer cut off, HTTP status, non-JSON or truncated body) into a `FiefRequestError`.
 */
import { FiefRequestError } from './errors.js';
import { describe, isJSONObject, type JSONObject, parseJSONObject } from './json.js';

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

const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/**
 * How long a request may go without a complete answer when the caller gave no `signal`: a request that never
 * answers (a captive portal, a stalled mobile link) would otherwise hold the refresh lock of every tab for as long
 * as the browser waits, minutes in some.
 */
export const REQUEST_TIMEOUT_MS = 30_000;

/** A response's content type, for messages: cut and escaped, as the server chose it. */
const describeContentType = (contentType: string | null): string =>
  contentType === null ? 'a body without content type' : describe(contentType);

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
 * Sends `request` to `url` and resolves with the JSON object of a 2xx answer.
 *
 * @param callRequestInit - Per-call options, merged over the instance's `requestInit`.
 * @throws FiefRequestError on a network failure before any answer, or no answer within {@link REQUEST_TIMEOUT_MS}
 *   when the caller gave no `signal` (`ERR_FIEF_NETWORK`, status 0), a body that could not be read (or not within
 *   that time) after the status arrived (`ERR_FIEF_RESPONSE_INTERRUPTED`), a non-2xx status (with the OAuth
 *   `error` and `error_description`, or Fief's `detail`), or a 2xx body that is not a JSON object.
 */
export async function requestJSON(
  context: HTTPContext,
  url: string,
  request: HTTPRequest,
  callRequestInit?: RequestInit,
): Promise<JSONObject> {
  const fetchFn = context.fetch ?? globalThis.fetch;
  // The request, for messages: its method and URL without the query string.
  const requestLine = `${request.method} ${url.split('?')[0]}`;
  const init: RequestInit = {
    ...context.requestInit,
    ...callRequestInit,
    method: request.method,
    // Never followed, whatever `requestInit` says: see the redirect check below.
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
  let response: Response;
  let text: string;
  try {
    try {
      response = await fetchFn(url, init);
    } catch (cause) {
      throw new FiefRequestError(`${requestLine} got no answer`, {
        code: 'ERR_FIEF_NETWORK',
        status: 0,
        cause,
      });
    }
    // Browsers answer a manual redirect with an opaque response (status 0); Node's fetch with the 3xx itself.
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      throw new FiefRequestError(`${requestLine} answered with a redirect, not followed`, {
        code: 'ERR_FIEF_REDIRECT',
        status: response.status,
      });
    }
    try {
      text = await response.text();
    } catch (cause) {
      // The server answered: it may have acted on the request (a token endpoint may have rotated a refresh token).
      throw new FiefRequestError(`${requestLine} answered ${response.status}, body unread`, {
        code: 'ERR_FIEF_RESPONSE_INTERRUPTED',
        status: response.status,
        cause,
      });
    }
  } finally {
    // A pending timer would keep a Node process alive for its 30 s.
    clearTimeout(timer);
  }

  const body = parseJSONObject(text);
  if (!response.ok) {
    // RFC 6749 §5.2 error response, or a Fief API error `{ "detail": "..." }`.
    const error = optionalString(body?.error) ?? optionalString(body?.detail);
    const errorDescription = optionalString(body?.error_description);
    // What the server says goes into the message cut and escaped (it may be shown or logged), raw on the fields.
    throw new FiefRequestError(
      `${requestLine} answered ${response.status}${error ? ` ${describe(error)}` : ''}${
        errorDescription ? `: ${describe(errorDescription)}` : ''
      }`,
      { status: response.status, error, errorDescription },
    );
  }
  if (!isJSONObject(body)) {
    throw new FiefRequestError(
      `expected a JSON object from ${requestLine}, found ${describeContentType(
        response.headers.get('content-type'),
      )} that does not parse as one`,
      { code: 'ERR_FIEF_RESPONSE_MALFORMED', status: response.status },
    );
  }
  return body;
}

/** Builds the `ERR_FIEF_RESPONSE_MALFORMED` error for a JSON answer that lacks what the protocol requires. */
export function malformedResponse(what: string, expected: string): FiefRequestError {
  return new FiefRequestError(`expected ${what} to have ${expected}`, {
    code: 'ERR_FIEF_RESPONSE_MALFORMED',
    status: 200,
  });
}
