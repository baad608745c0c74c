/**
 * Finishing a login: the checks an authorization response must pass, in the order the specifications give, then
 * the code exchange. `finishLogin` is pure protocol: it reads the pending login and returns the new session, never the
 * engine's state (the engine stores the result, or the error).
 *
 * Part of the entry chunk, with the pending login's parser: the checks that must pass before the token request
 * need nothing of the chunk loaded on demand, so the token request, the JWKS request and the load of that chunk
 * (which validates the answer) all start together, and loading code never delays the request to Fief. A check that
 * fails, or the token request, says only which it is and what it found (a `CallbackRefusal`). Everything after the
 * token answer is the session chunk's (`callbackCompletion.ts`), which the callback loads beside that request: the
 * rest of the checks, the session, storing it, and the words of every error. Without that chunk, `runCallback` fails
 * the callback with the reason alone.
 */

import type { DiscoveryEssentials } from '../protocol/discoveryEssentials.js';
import { FiefRequestError, rejectChunkLoad } from '../protocol/errors.js';
import type { Fief } from '../protocol/fief.js';
import { essentialsOf } from '../protocol/fiefEndpoints.js';
import { loadProtocolFlows } from '../protocol/loadProtocolFlows.js';
import { endFailedCallback } from './callbackFailure.js';
import { type CallbackParams, parseCallbackParams } from './callbackParams.js';
import type { EngineDoor } from './engineDoor.js';
import { type CallbackRefusal, FiefAuthCallbackError } from './fiefAuthCallbackError.js';
import type { FiefAuthCallbackResult } from './fiefAuthOptions.js';
import { loadSessionFlows } from './loadSessionFlows.js';
import type { LoginContext, LoginOutcome } from './loginContext.js';
import { type StoredPendingLogin, takePendingLogin } from './pendingLogin.js';
import type { SessionState } from './sessionState.js';

/**
 * Callbacks being processed in this page, by client and `state`: two engines (or two calls) handling the same
 * callback URL at once share one token request.
 */
const callbacksInFlight = new Map<string, Promise<LoginOutcome>>();

/**
 * Reads the authorization response of the callback URL `href`, checks it and exchanges its code; concurrent calls
 * for the same client and `state` share one outcome.
 *
 * @throws a {@link CallbackRefusal} when a check before the token request fails, or the token request does
 *   (`token_exchange`); {@link FiefAuthCallbackError} when a check of the session's chunk does (`loginOutcome`). The
 *   session's chunk words a refusal (`completeCallback`).
 *
 * @example
 * ```ts
 * const { session, returnTo } = await finishLogin(context, location.href, redirectURI);
 * ```
 */
export async function finishLogin(
  context: LoginContext,
  href: string | null,
  redirectURI: string,
): Promise<LoginOutcome> {
  // No location (no page): no state either, refused as such.
  const url = href ?? 'about:blank';
  const params = parseCallbackParams(url);
  const key = `${context.clientId}\n${params.state ?? ''}`;
  let outcome = callbacksInFlight.get(key);
  if (outcome === undefined) {
    outcome = checkAndExchange(context, params, redirectURI, new URL(url).origin);
    callbacksInFlight.set(key, outcome);
    const forget = () => callbacksInFlight.delete(key);
    outcome.then(forget, forget);
  }
  return outcome;
}

/**
 * Finishes the login of the callback URL `href` for an engine: the session's chunk, which loads beside the token
 * request, stores the session, or the error, and cleans the address bar (`completeCallback`). When that chunk does not
 * load (offline, removed by a deploy), no token is kept: the callback fails with the reason alone, and ends as any
 * failed callback does (`endFailedCallback`).
 *
 * @throws {@link FiefAuthCallbackError}
 *
 * @example
 * ```ts
 * const { returnTo } = await runCallback(context, state, door, location.href, redirectURI);
 * ```
 */
export function runCallback(
  context: LoginContext,
  state: SessionState,
  door: Pick<EngineDoor, 'load'>,
  href: string | null,
  redirectURI: string,
): Promise<FiefAuthCallbackResult> {
  const outcome = finishLogin(context, href, redirectURI);
  // Read now, so that a failed login is never an unhandled rejection while its chunk is on its way.
  const failure = outcome.then(
    () => {},
    (refused: unknown) => refused,
  );
  return loadSessionFlows().then(
    (flows) => flows.completeCallback(context, state, door, outcome),
    async (cause: unknown) => {
      // A refusal says which check failed (`token_exchange`: the token request, and why); any other failure (the
      // discovery document, this chunk's load for the login) is why the login failed; none (the login's own load of
      // the chunk succeeded), this load's.
      const found = (await failure) ?? cause;
      const [reason, why] = Array.isArray(found)
        ? (found as unknown as CallbackRefusal)
        : (['token_exchange', found] as const);
      // What Fief sent stays on the error's fields, as the chunk's words keep it (`callbackRefusal.ts`): the
      // authorization error of the URL (its parameters), or Fief's answer to the token request.
      const fief =
        reason === 'authorization_error' || why instanceof FiefRequestError ? (why as CallbackParams) : null;
      const error = new FiefAuthCallbackError(reason, `expected to finish the login, refused: ${reason}`, {
        error: fief?.error,
        errorDescription: fief?.errorDescription,
        cause: reason === 'token_exchange' ? why : cause,
      });
      endFailedCallback(context, state, error);
    },
  );
}

/** Refuses the callback (see {@link CallbackRefusal}); the session's chunk words it (`completeCallback`). */
function refuse(...refusal: CallbackRefusal): never {
  throw refusal;
}

async function checkAndExchange(
  context: LoginContext,
  params: CallbackParams,
  redirectURI: string,
  origin: string,
): Promise<LoginOutcome> {
  const pending = takeLoginOf(context, params);
  // A login of this tab: both chunks start loading now, together, before anything is awaited. The validation code
  // (`protocolFlows.ts`) and the session's (`sessionFlows.ts`), which the engine's start asks for too, in the same task
  // under `<FiefAuthProvider>` (its effect runs after the callback's). Asked for apart, a fast app server could deliver
  // one before the page asked for the other: one more request in series. Both loads are bounded by their doors: a
  // stalled chunk fails the callback in time, and the tokens, never validated, are not kept.
  loadProtocolFlows();
  const sessionFlows = loadSessionFlows();
  const discovery = await discoveryOf(context.fief, pending);
  checkBinding(context, pending, discovery);
  checkIssuer(params, discovery);
  checkNoError(params);
  const code = checkCode(params);
  const obtainedAt = context.now();
  // Every check that must come before the token request has passed. `authCallback` sends it, then starts the JWKS
  // request while it is on its way; its failure (Fief's answer, the validation of the tokens) is a refusal.
  const answer = await context.fief
    .authCallback(code, pending.redirectURI || redirectURI, pending.codeVerifier, undefined, {
      nonce: pending.nonce,
    })
    .catch((cause: unknown) => refuse('token_exchange', cause));
  // The rest is the session's chunk's, asked for above (`callbackCompletion.ts`).
  return (await sessionFlows.catch(rejectChunkLoad)).loginOutcome(
    context,
    pending,
    answer,
    obtainedAt,
    origin,
  );
}

/**
 * RFC 6749 §10.12: the `state` binds the response to a login this tab started, and is used once (reading the
 * pending login removes it).
 */
function takeLoginOf(context: LoginContext, params: CallbackParams): StoredPendingLogin {
  if (params.state === undefined) {
    refuse('missing_state');
  }
  const now = context.now();
  const pending =
    takePendingLogin(context.pendingStorage, params.state, now) ??
    takePendingLogin(context.storage, params.state, now);
  return pending ?? refuse('unknown_state');
}

/**
 * The engine's own discovery document as its token request uses it, checked by `fief` (its issuer is the engine's).
 * The copy saved with the login only seeds it, so that it is not fetched again; a tampered copy is ignored by the
 * seeding, never trusted.
 */
async function discoveryOf(fief: Fief, pending: StoredPendingLogin): Promise<DiscoveryEssentials> {
  if (pending.discovery !== null) fief.setOpenIDConfiguration(pending.discovery);
  return essentialsOf(fief);
}

/**
 * The pending login must have been started by an engine of this issuer and client: a callback handled by another
 * engine never sends that login's code and verifier to the wrong server or client.
 */
function checkBinding(
  context: LoginContext,
  pending: StoredPendingLogin,
  discovery: DiscoveryEssentials,
): void {
  if (pending.clientId !== context.clientId || pending.issuer !== discovery.issuer) refuse('login_mismatch');
}

/**
 * RFC 9207 §2.4: `iss`, when present, must be the issuer; when the issuer announces that it sends `iss`, it must be
 * present. Checked before anything else of the response is used (a mix-up attack sends another server's response).
 */
function checkIssuer(params: CallbackParams, discovery: DiscoveryEssentials): void {
  const issuer = discovery.issuer;
  const required = discovery.authorization_response_iss_parameter_supported === true;
  if (params.iss !== undefined ? params.iss !== issuer : required)
    refuse('issuer_mismatch', issuer, params.iss);
}

/** RFC 6749 §4.1.2.1: an error response. */
function checkNoError(params: CallbackParams): void {
  if (params.error !== undefined) refuse('authorization_error', params);
}

/** RFC 6749 §4.1.2: a successful response carries the code. */
function checkCode(params: CallbackParams): string {
  return params.code || refuse('missing_code');
}
