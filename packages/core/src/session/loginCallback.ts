/**
 * Finishing a login: the checks an authorization response must pass, in the order the specifications give, then
 * the code exchange. Pure protocol: it reads the pending login and returns the new session, and never touches the
 * engine's state (the engine stores the result, or the error).
 *
 * Part of the entry chunk, with the pending login's parser: the checks that must pass before the token request
 * need nothing of the chunk loaded on demand, so the token request, the JWKS request and the load of that chunk
 * (which validates the answer) all start together, and loading code never delays the request to Fief. A check that
 * fails says only which it is and what it found (a `CallbackRefusal`): the words of the error are the session
 * chunk's (`callbackRefusal.ts`), which the callback loads anyway and nothing is sent before.
 */

import { FiefRequestError, rejectChunkLoad } from '../protocol/errors.js';
import type { Fief } from '../protocol/fief.js';
import { loadProtocolFlows } from '../protocol/loadProtocolFlows.js';
import { cleanAddressBar } from './addressBar.js';
import { type CallbackParams, parseCallbackParams } from './callbackParams.js';
import type { EngineDoor } from './engineDoor.js';
import { type CallbackRefusal, FiefAuthCallbackError } from './fiefAuthCallbackError.js';
import type { FiefAuthCallbackResult } from './fiefAuthOptions.js';
import { loadSessionFlows } from './loadSessionFlows.js';
import type { FiefLogger } from './logEvents.js';
import { type PendingLogin, takePendingLogin } from './pendingLogin.js';
import type { SessionState } from './sessionState.js';
import type { Session } from './sessionStore.js';
import type { StorageLike } from './storage.js';

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
  /** Where `redirectToLogin` saved the pending logins (`sessionStorage`; `storage` when it was full). */
  readonly pendingStorage: StorageLike;
  readonly storage: StorageLike;
  /** Names the logout mark. */
  readonly namespace: string;
  /** Storage every tab sees (the logout mark), or `null`. */
  shared(): StorageLike | null;
  now(): number;
  readonly log: FiefLogger;
}

/**
 * Callbacks being processed in this page, by client and `state`: two engines (or two calls) handling the same
 * callback URL at once share one token request.
 */
const callbacksInFlight = new Map<string, Promise<LoginOutcome>>();

/**
 * Reads the authorization response of the callback URL `href`, checks it and exchanges its code; concurrent calls
 * for the same client and `state` share one outcome.
 *
 * @throws {@link FiefAuthCallbackError} with the `reason` of the first check that failed.
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
    outcome = checkAndExchange(context, params, redirectURI, new URL(url).origin).catch(explainRefusal);
    callbacksInFlight.set(key, outcome);
    const forget = () => callbacksInFlight.delete(key);
    outcome.then(forget, forget);
  }
  return outcome;
}

/**
 * Finishes the login of the callback URL `href` for an engine: `door.adopt` stores the session (and tells the other
 * tabs) and returns the one the tab keeps (a later sign-in that landed first stays), or the `error` status is set
 * when there is no session; cleans the address bar either way. A URL without `state` resolves with the session the tab
 * holds once settled, if any.
 *
 * @throws {@link FiefAuthCallbackError}
 *
 * @example
 * ```ts
 * const { returnTo } = await runCallback(context, state, door, location.href, redirectURI);
 * ```
 */
export async function runCallback(
  context: LoginContext,
  state: SessionState,
  door: Pick<EngineDoor, 'adopt' | 'load'>,
  href: string | null,
  redirectURI: string,
): Promise<FiefAuthCallbackResult> {
  try {
    const { session, returnTo } = await finishLogin(context, href, redirectURI);
    const kept = await door.adopt(session);
    context.log({ type: 'callback.succeeded' });
    return { tokens: kept.tokenInfo, userinfo: kept.userinfo, returnTo };
  } catch (cause) {
    const error =
      cause instanceof FiefAuthCallbackError
        ? cause
        : new FiefAuthCallbackError('token_exchange', 'expected to finish the login, but it failed', {
            cause,
          });
    cleanAddressBar();
    // No `state`: no login to finish (a bookmark; Back or a reload after the login), nothing of the URL is read. A
    // tab signed in (once settled: another tab may hand it its session) goes on with it (`SessionEngine`).
    if (error.reason === 'missing_state') {
      const signedIn = await door.load().then(
        (engine) => engine.stateless(),
        () => {},
      );
      if (signedIn) return signedIn;
    }
    if (state.session === null) state.fail(error, 'error');
    context.log({ type: 'callback.failed', code: error.code, reason: error.reason });
    throw error;
  } finally {
    cleanAddressBar();
  }
}

/**
 * A refusal the checks threw becomes its error, worded by the session's chunk (`callbackRefusal.ts`, which the
 * callback loads anyway); any other failure goes on as it is.
 */
async function explainRefusal(cause: unknown): Promise<never> {
  if (!Array.isArray(cause)) throw cause;
  const refusal = cause as unknown as CallbackRefusal;
  const flows = await loadSessionFlows().catch(() => null);
  // Without that chunk (offline, removed by a deploy), the reason alone says which check failed.
  throw (
    flows?.callbackRefusal(refusal) ??
    new FiefAuthCallbackError(refusal[0], `expected to finish the login, refused: ${refusal[0]}`)
  );
}

/** Refuses the callback (see {@link CallbackRefusal}); `finishLogin` turns it into its error. */
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
  try {
    // Every check that must come before the token request has passed. `authCallback` sends it, then starts the
    // JWKS request while it is on its way.
    const [tokens, claims] = await context.fief.authCallback(
      code,
      pending.redirectURI || redirectURI,
      pending.codeVerifier,
      undefined,
      { nonce: pending.nonce },
    );
    const { checkAuthentication, loginSession, safeReturnTo } = await sessionFlows.catch(rejectChunkLoad);
    checkAuthentication(pending, claims, context.now());
    const session = await loginSession(context, tokens, claims, obtainedAt);
    // Stored data is untrusted: the path is checked again, against the page's own origin.
    return { session, returnTo: safeReturnTo(pending.returnTo, origin) };
  } catch (cause) {
    if (cause instanceof FiefAuthCallbackError) throw cause;
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
 * RFC 6749 §10.12: the `state` binds the response to a login this tab started, and is used once (reading the
 * pending login removes it).
 */
function takeLoginOf(context: LoginContext, params: CallbackParams): PendingLogin {
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
 * The engine's own discovery document, validated by `fief` (its issuer is the engine's). The copy saved with the
 * login only seeds it, so that it is not fetched again; a tampered copy is ignored by the seeding, never trusted.
 */
async function discoveryOf(fief: Fief, pending: PendingLogin): Promise<Record<string, unknown>> {
  if (pending.discovery !== null) fief.setOpenIDConfiguration(pending.discovery);
  return fief.getOpenIDConfiguration();
}

/**
 * The pending login must have been started by an engine of this issuer and client: a callback handled by another
 * engine never sends that login's code and verifier to the wrong server or client.
 */
function checkBinding(
  context: LoginContext,
  pending: PendingLogin,
  discovery: Record<string, unknown>,
): void {
  if (pending.clientId !== context.clientId || pending.issuer !== discovery.issuer) refuse('login_mismatch');
}

/**
 * RFC 9207 §2.4: `iss`, when present, must be the issuer; when the issuer announces that it sends `iss`, it must be
 * present. Checked before anything else of the response is used (a mix-up attack sends another server's response).
 */
function checkIssuer(params: CallbackParams, discovery: Record<string, unknown>): void {
  const issuer = discovery.issuer;
  const required = discovery.authorization_response_iss_parameter_supported === true;
  if (params.iss !== undefined ? params.iss !== issuer : required)
    refuse('issuer_mismatch', issuer, params.iss);
}

/** RFC 6749 §4.1.2.1: an error response. */
function checkNoError(params: CallbackParams): void {
  if (params.error !== undefined) refuse('authorization_error', params.error, params.errorDescription);
}

/** RFC 6749 §4.1.2: a successful response carries the code. */
function checkCode(params: CallbackParams): string {
  return params.code || refuse('missing_code');
}
