import { FiefError } from '../protocol/errors.js';

/** Why a login callback was refused. */
export type FiefAuthCallbackErrorReason =
  /** The callback URL has no `state`. */
  | 'missing_state'
  /** No login was started in this tab with that `state`, or it was already used (a replayed callback URL). */
  | 'unknown_state'
  /** A response parameter appears more than once (RFC 6749 §3.1). */
  | 'duplicate_parameter'
  /** The callback URL has neither `code` nor `error`. */
  | 'missing_code'
  /** Fief answered with an `error` (e.g. `access_denied`): see `error` and `errorDescription`. */
  | 'authorization_error'
  /** The `iss` parameter is not the issuer the login was started with (RFC 9207 mix-up defence). */
  | 'issuer_mismatch'
  /** Exchanging the code, or validating the tokens, failed: see `cause`. */
  | 'token_exchange'
  /** The pending login was started by an engine of another issuer or client: nothing was sent. */
  | 'login_mismatch'
  /** The ID token's `acr` is lower than the `acrValues` the login asked for (step-up not done). */
  | 'acr_too_low'
  /** The ID token's `auth_time` is missing or older than the `maxAge` the login asked for. */
  | 'max_age_exceeded'
  /** The user signed out, in this tab or another, while the code exchange was on its way: the sign-in was not kept. */
  | 'signed_out'
  /**
   * The device's clock was set back by more than a minute while the code exchange was on its way: the new sign-in
   * would claim a time to come, so it was not kept (a sign-out in that time, which the clock no longer orders, is
   * refused the same). Signing in again works.
   */
  | 'clock_set_back';

/**
 * A check that refused a callback before its token request (`loginCallback.ts`): its reason, then what its message
 * names. The session's chunk writes the message (`callbackRefusal.ts`): the entry chunk keeps none.
 */
export type CallbackRefusal = readonly [reason: FiefAuthCallbackErrorReason, ...found: unknown[]];

/**
 * A login callback failed. Nothing was stored, and a session that existed before is untouched.
 *
 * @example
 * ```ts
 * try {
 *   const { returnTo } = await auth.authCallback('https://app.example/callback');
 *   location.replace(returnTo);
 * } catch (err) {
 *   if (err instanceof FiefAuthCallbackError && err.reason === 'authorization_error') {
 *     console.warn('login refused:', err.error, err.errorDescription);
 *   }
 * }
 * ```
 */
export class FiefAuthCallbackError extends FiefError {
  /** Which check failed. */
  declare readonly reason: FiefAuthCallbackErrorReason;
  /** OAuth `error` from the callback URL or the token endpoint, when there was one. */
  declare readonly error: string | undefined;
  /** OAuth `error_description` from the callback URL or the token endpoint, when there was one. */
  declare readonly errorDescription: string | undefined;

  constructor(
    reason: FiefAuthCallbackErrorReason,
    message: string,
    init: { error?: string | undefined; errorDescription?: string | undefined; cause?: unknown } = {},
  ) {
    super(message, 'ERR_FIEF_AUTH_CALLBACK', { cause: init.cause });
    this.name = 'FiefAuthCallbackError';
    this.reason = reason;
    this.error = init.error;
    this.errorDescription = init.errorDescription;
  }
}
