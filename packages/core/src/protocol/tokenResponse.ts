/**
 * The token response as Fief sends it (RFC 6749 §5.1), checked before anything reads it. Part of the protocol's
 * chunk loaded on demand (`protocolFlows.ts`): only a callback and a refresh handle a token response.
 */

import { malformedResponse } from './errors.js';
import type { JSONObject } from './json.js';
import { isNumericDate } from './numericDate.js';
import type { FiefTokenResponse } from './types.js';

/** RFC 6749 §5.1: checks the members a Fief token response must have. */
export function parseTokenResponse(body: JSONObject): FiefTokenResponse {
  const what = 'the token response';
  for (const member of ['access_token', 'id_token', 'token_type'] as const) {
    if (typeof body[member] !== 'string' || body[member] === '')
      throw malformedResponse(what, `a string ${member}`);
  }
  if (!isNumericDate(body.expires_in)) {
    throw malformedResponse(what, 'a number expires_in');
  }
  if (body.refresh_token !== undefined && typeof body.refresh_token !== 'string') {
    throw malformedResponse(what, 'a string refresh_token when present');
  }
  return body as unknown as FiefTokenResponse;
}
