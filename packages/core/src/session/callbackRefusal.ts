/**
 * The words of a callback refused before its token request, or whose token request failed. The checks
 * (`loginCallback.ts`, in the entry chunk) only say which failed and what they found (a {@link CallbackRefusal}); this
 * module, in the session's chunk that loads beside every callback, writes the error. What Fief or the URL sent goes
 * into the message cut and escaped (`describe`): it is attacker-chosen once someone holds the `state` of a login in
 * progress.
 */

import { FiefRequestError } from '../protocol/errors.js';
import { describe } from '../protocol/json.js';
import type { CallbackParams } from './callbackParams.js';
import { type CallbackRefusal, FiefAuthCallbackError } from './fiefAuthCallbackError.js';

/**
 * The error of a refused callback, with the message of its reason.
 *
 * @example
 * ```ts
 * const error = callbackRefusal(['issuer_mismatch', 'https://fief.example', 'https://other.example']);
 * error.message; // expected the callback's iss to be "https://fief.example", found "https://other.example"
 * ```
 */
export function callbackRefusal([reason, found, more]: CallbackRefusal): FiefAuthCallbackError {
  switch (reason) {
    case 'missing_state':
      return new FiefAuthCallbackError(reason, 'expected a state in the callback URL, found none');
    case 'unknown_state':
      return new FiefAuthCallbackError(
        reason,
        'expected the state of a login started in this tab, found an unknown or already used one',
      );
    case 'login_mismatch':
      return new FiefAuthCallbackError(
        reason,
        'expected a login started for this issuer and client, found one started for another',
      );
    // RFC 9207 §2.4: `found` is the issuer, `more` the `iss` of the URL.
    case 'issuer_mismatch':
      return new FiefAuthCallbackError(
        reason,
        `expected the callback's iss to be ${describe(found)}, found ${describe(more)}`,
      );
    // RFC 6749 §4.1.2.1: `found` is the callback's parameters, whose `error` and `error_description` are kept raw on
    // their fields.
    case 'authorization_error': {
      const { error, errorDescription } = found as CallbackParams;
      return new FiefAuthCallbackError(
        reason,
        `expected an authorization code, found the error ${describe(error)}`,
        {
          error,
          errorDescription,
        },
      );
    }
    // RFC 6749 §3.1: `found` is the parameter's name (one we read: never attacker-chosen), `more` how many times.
    case 'duplicate_parameter':
      return new FiefAuthCallbackError(
        reason,
        `expected the callback URL to carry "${String(found)}" at most once, found it ${String(more)} times`,
      );
    case 'missing_code':
      return new FiefAuthCallbackError(reason, 'expected a code in the callback URL, found none');
    // The token request failed, or its answer did not pass validation: `found` is why. Fief's OAuth `error`, when it
    // answered one, is kept raw on its fields.
    case 'token_exchange': {
      const request = found instanceof FiefRequestError ? found : null;
      return new FiefAuthCallbackError(reason, 'expected to exchange the code for tokens, but it failed', {
        error: request?.error,
        errorDescription: request?.errorDescription,
        cause: found,
      });
    }
    default:
      return new FiefAuthCallbackError(reason, `expected to finish the login, refused: ${reason}`);
  }
}
