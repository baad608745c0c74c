/**
 * Reading what Fief answered (`transport.ts` sends the request, in the entry chunk): every failure (no answer, an
 * answer cut off, HTTP status, non-JSON or truncated body) becomes a `FiefRequestError`. In the protocol's chunk:
 * every answer is read once that chunk is there, which the callers load while their request is on its way.
 */
import { FiefRequestError, malformedResponse } from './errors.js';
import { describe, isJSONObject, type JSONObject, parseJSONObject } from './json.js';
import { type Answer, type HTTPContext, type HTTPRequest, sendRequest } from './transport.js';
import type { JSONWebKeySet } from './types.js';

const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** A response's content type, for messages: cut and escaped, as the server chose it. */
const describeContentType = (contentType: string | null): string =>
  contentType === null ? 'a body without content type' : describe(contentType);

/**
 * The JSON object of a 2xx answer.
 *
 * @throws FiefRequestError on a network failure before any answer, or no answer within `REQUEST_TIMEOUT_MS` when
 *   the caller gave no `signal` (`ERR_FIEF_NETWORK`, status 0), a redirect (`ERR_FIEF_REDIRECT`), a body that could
 *   not be read (or not within that time) after the status arrived (`ERR_FIEF_RESPONSE_INTERRUPTED`), a non-2xx
 *   status (with the OAuth `error` and `error_description`, or Fief's `detail`), or a 2xx body that is not a JSON
 *   object.
 *
 * @example
 * ```ts
 * import { sendRequest } from './transport.js';
 *
 * const jwks = readJSON(await sendRequest({}, 'https://fief.example/.well-known/jwks.json', { method: 'GET' }));
 * ```
 */
export function readJSON({ requestLine, response, text, cause }: Answer): JSONObject {
  if (response === undefined) {
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
  if (text === undefined) {
    // The server answered: it may have acted on the request (a token endpoint may have rotated a refresh token).
    throw new FiefRequestError(`${requestLine} answered ${response.status}, body unread`, {
      code: 'ERR_FIEF_RESPONSE_INTERRUPTED',
      status: response.status,
      cause,
    });
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

/**
 * A JWKS answer read as {@link readJSON} does, whose `keys` is an array.
 *
 * @throws FiefRequestError as {@link readJSON}, and `ERR_FIEF_RESPONSE_MALFORMED` without a `keys` array.
 *
 * @example
 * ```ts
 * import { sendRequest } from './transport.js';
 *
 * const jwks = readJWKS(await sendRequest({}, 'https://fief.example/.well-known/jwks.json', { method: 'GET' }));
 * ```
 */
export function readJWKS(answer: Answer): JSONWebKeySet {
  const document = readJSON(answer);
  if (!Array.isArray(document.keys)) throw malformedResponse('the JWKS', 'a keys array');
  return document as unknown as JSONWebKeySet;
}

/**
 * Sends `request` to `url` and resolves with the JSON object of a 2xx answer: {@link sendRequest}, then
 * {@link readJSON}, for the calls made from this chunk (the user API).
 *
 * @param callRequestInit - Per-call options, merged over the instance's `requestInit`.
 * @throws FiefRequestError as {@link readJSON} says.
 *
 * @example
 * ```ts
 * const userinfo = await requestJSON({}, 'https://fief.example/api/userinfo', { method: 'GET' });
 * ```
 */
export async function requestJSON(
  context: HTTPContext,
  url: string,
  request: HTTPRequest,
  callRequestInit?: RequestInit,
): Promise<JSONObject> {
  return readJSON(await sendRequest(context, url, request, callRequestInit));
}
