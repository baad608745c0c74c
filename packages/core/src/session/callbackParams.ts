/**
 * Reading the authorization response from the callback URL (RFC 6749 §4.1.2, RFC 9207), and removing it from the
 * address bar once read.
 */

import type { CallbackRefusal } from './fiefAuthCallbackError.js';

/** The parameters of an authorization response, each present at most once. */
export interface CallbackParams {
  readonly code: string | undefined;
  readonly state: string | undefined;
  readonly error: string | undefined;
  readonly errorDescription: string | undefined;
  /** RFC 9207 issuer identifier. */
  readonly iss: string | undefined;
}

/** Every parameter of an authorization response: what {@link removeCallbackParams} deletes from the URL. */
const RESPONSE_PARAMETERS = [
  'code',
  'state',
  'error',
  'error_description',
  'error_uri',
  'iss',
  'session_state',
];

/**
 * Reads `code`, `state`, `error`, `error_description` and `iss` from the query of `url`.
 *
 * @throws the {@link CallbackRefusal} `['duplicate_parameter', name, count]` when one of them is given twice in a URL
 *   with a `state` (RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once"); the
 *   session's chunk words it (`callbackRefusal.ts`).
 *
 * @example
 * ```ts
 * const { code, state } = parseCallbackParams(window.location.href);
 * ```
 */
export function parseCallbackParams(url: string): CallbackParams {
  const search = new URL(url).searchParams;
  const read = (name: string): string | undefined => {
    const values = search.getAll(name);
    // Without a state there is no login to finish: nothing else of the URL is checked (`loginCallback.ts`).
    if (values.length > 1 && search.has('state')) {
      const refusal: CallbackRefusal = ['duplicate_parameter', name, values.length];
      throw refusal;
    }
    return values[0];
  };
  return {
    code: read('code'),
    state: read('state'),
    error: read('error'),
    errorDescription: read('error_description'),
    iss: read('iss'),
  };
}

/** Whether `url` carries any authorization response parameter. */
export function hasCallbackParams(url: string): boolean {
  const search = new URL(url).searchParams;
  return RESPONSE_PARAMETERS.some((name) => search.has(name));
}

/** `url` without the authorization response parameters; every other part kept. */
export function removeCallbackParams(url: string): string {
  const parsed = new URL(url);
  for (const name of RESPONSE_PARAMETERS) parsed.searchParams.delete(name);
  return parsed.href;
}
