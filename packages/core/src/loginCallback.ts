/**
 * Finishing a login: the checks an authorization response must pass, in the order the specifications give, then
 * the code exchange. Pure protocol: it reads the pending login and returns the new session, and never touches the
 * engine's state (the engine stores the result, or the error).
 */

import type { FiefTokenInfo } from './authState.js';
import type { CallbackParams } from './callbackParams.js';
import { FiefRequestError } from './errors.js';
import type { Fief } from './fief.js';
import { FiefAuthCallbackError } from './fiefAuthCallbackError.js';
import { type PendingLogin, takePendingLogin } from './pendingLogin.js';
import type { Session } from './sessionStore.js';
import type { StorageLike } from './storage.js';
import { randomId } from './tabSync.js';
import type { FiefTokenResponse } from './types.js';

/** What a successful callback produces. */
export interface LoginOutcome {
  readonly session: Session;
  /** Same-origin path recorded by `redirectToLogin`. */
  readonly returnTo: string;
}

/** What finishing a login needs from the engine. */
export interface LoginContext {
  readonly fief: Fief;
  readonly clientId: string;
  /** Where `redirectToLogin` saved the pending logins (`sessionStorage`). */
  readonly pendingStorage: StorageLike;
  readonly now: () => number;
}

/**
 * Checks the authorization response `params` and exchanges its code.
 *
 * @throws {@link FiefAuthCallbackError} with the `reason` of the first check that failed.
 *
 * @example
 * ```ts
 * const { session, returnTo } = await finishLogin(context, parseCallbackParams(location.href), redirectURI);
 * ```
 */
export async function finishLogin(
  context: LoginContext,
  params: CallbackParams,
  redirectURI: string,
): Promise<LoginOutcome> {
  const pending = takeLoginOf(context, params);
  const discovery = await discoveryOf(context.fief, pending);
  checkIssuer(params, discovery);
  checkNoError(params);
  const code = checkCode(params);
  const obtainedAt = context.now();
  try {
    const [tokens, userinfo] = await context.fief.authCallback(
      code,
      pending.redirectURI || redirectURI,
      pending.codeVerifier,
      undefined,
      { nonce: pending.nonce },
    );
    const session: Session = {
      sid: randomId(),
      clientId: context.clientId,
      createdAt: obtainedAt,
      generation: 0,
      revision: 0,
      obtainedAt,
      tokenInfo: await readTokenInfo(context.fief, tokens, obtainedAt),
      refreshToken: tokens.refresh_token ?? null,
      userinfo,
    };
    return { session, returnTo: pending.returnTo };
  } catch (cause) {
    const request = cause instanceof FiefRequestError ? cause : null;
    throw new FiefAuthCallbackError(
      'token_exchange',
      'expected to exchange the code for tokens, but it failed',
      {
        error: request?.error,
        errorDescription: request?.errorDescription,
        cause,
      },
    );
  }
}

/**
 * The app's view of a token response. `scope`, `acr` and `permissions` come from validating the access token
 * (with the key set already fetched for the ID token: no extra request).
 */
export async function readTokenInfo(
  fief: Fief,
  tokens: FiefTokenResponse,
  obtainedAt: number,
): Promise<FiefTokenInfo> {
  const info = await fief.validateAccessToken(tokens.access_token);
  return {
    access_token: tokens.access_token,
    id_token: tokens.id_token,
    token_type: tokens.token_type,
    expires_at: Math.floor(obtainedAt + tokens.expires_in * 1000),
    scope: info.scope,
    acr: info.acr,
    permissions: info.permissions,
  };
}

/**
 * RFC 6749 §10.12: the `state` binds the response to a login this tab started, and is used once (reading the
 * pending login removes it).
 */
function takeLoginOf(context: LoginContext, params: CallbackParams): PendingLogin {
  if (params.state === undefined) {
    throw new FiefAuthCallbackError('missing_state', 'expected a state in the callback URL, found none');
  }
  const pending = takePendingLogin(context.pendingStorage, params.state, context.now());
  if (pending === null) {
    throw new FiefAuthCallbackError(
      'unknown_state',
      'expected the state of a login started in this tab, found an unknown or already used one',
    );
  }
  return pending;
}

/** The discovery document saved with the login (seeded into `fief`, so that it is not fetched again). */
async function discoveryOf(fief: Fief, pending: PendingLogin): Promise<Record<string, unknown>> {
  if (pending.discovery === null) return fief.getOpenIDConfiguration();
  fief.setOpenIDConfiguration(pending.discovery);
  return pending.discovery;
}

/**
 * RFC 9207 §2.4: `iss`, when present, must be the issuer; when the issuer announces that it sends `iss`, it must be
 * present. Checked before anything else of the response is used (a mix-up attack sends another server's response).
 */
function checkIssuer(params: CallbackParams, discovery: Record<string, unknown>): void {
  const issuer = discovery.issuer;
  const required = discovery.authorization_response_iss_parameter_supported === true;
  if (params.iss !== undefined ? params.iss !== issuer : required) {
    throw new FiefAuthCallbackError(
      'issuer_mismatch',
      `expected the callback's iss to be ${String(issuer)}, found ${params.iss ?? 'none'}`,
    );
  }
}

/** RFC 6749 §4.1.2.1: an error response. */
function checkNoError(params: CallbackParams): void {
  if (params.error !== undefined) {
    throw new FiefAuthCallbackError(
      'authorization_error',
      `expected an authorization code, found the error ${params.error}`,
      { error: params.error, errorDescription: params.errorDescription },
    );
  }
}

/** RFC 6749 §4.1.2: a successful response carries the code. */
function checkCode(params: CallbackParams): string {
  if (params.code === undefined || params.code === '') {
    throw new FiefAuthCallbackError('missing_code', 'expected a code in the callback URL, found none');
  }
  return params.code;
}
