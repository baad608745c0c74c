/**
 * The callback's work once the token request has answered, in the session's chunk (`sessionFlows.ts`): the checks of
 * the ID token that depend on how the login was started, the session built from the tokens, storing it, the log, and
 * the error of every failure. The checks before the token request, and the request itself, are the entry chunk's
 * (`loginCallback.ts`): that chunk loads beside the token request, which never waits for it. Without it (offline,
 * removed by a deploy) nothing here runs, and `runCallback` fails the callback with the reason alone: no token is kept.
 */

import type { FiefTokenResponse, FiefUserInfo } from '../protocol/types.js';
import { cleanAddressBar } from './addressBar.js';
import { endFailedCallback } from './callbackFailure.js';
import { callbackRefusal } from './callbackRefusal.js';
import { type CallbackRefusal, FiefAuthCallbackError } from './fiefAuthCallbackError.js';
import type { FiefAuthCallbackResult } from './fiefAuthOptions.js';
import { checkAuthentication } from './loginAuthentication.js';
import type { LoginContext, LoginOutcome } from './loginContext.js';
import type { StoredPendingLogin } from './pendingLogin.js';
import { checkPendingLoginRest } from './pendingLoginRest.js';
import { safeReturnTo } from './returnTo.js';
import type { SessionEngine } from './sessionEngine.js';
import type { SessionState } from './sessionState.js';
import { loginSession } from './sessionTokens.js';

/**
 * The outcome of a login whose token response `answer` `Fief` validated: the rest of its stored pending login
 * checked, its ID token checked against what the login asked for (`acr_values`, `max_age`), its session built, and
 * where to go next.
 *
 * @throws {@link FiefAuthCallbackError} `unknown_state` when the stored login is not one `redirectToLogin` wrote;
 *   `acr_too_low` or `max_age_exceeded`; `token_exchange` when the session cannot be built (its access token not
 *   valid).
 *
 * @example
 * ```ts
 * const { session, returnTo } = await loginOutcome(context, pending, answer, obtainedAt, location.origin);
 * ```
 */
export async function loginOutcome(
  context: LoginContext,
  stored: StoredPendingLogin,
  [tokens, claims]: [FiefTokenResponse, FiefUserInfo],
  obtainedAt: number,
  origin: string,
): Promise<LoginOutcome> {
  // The fields the entry's parser left: a record not ours is refused as it is before the token request.
  const pending = checkPendingLoginRest(stored);
  if (pending === null) throw callbackRefusal(['unknown_state']);
  try {
    checkAuthentication(pending, claims, context.now());
    const session = await loginSession(context, tokens, claims, obtainedAt);
    // Stored data is untrusted: the path is checked again, against the page's own origin.
    return { session, returnTo: safeReturnTo(pending.returnTo, origin) };
  } catch (cause) {
    throw cause instanceof FiefAuthCallbackError ? cause : callbackRefusal(['token_exchange', cause]);
  }
}

/**
 * Ends the callback of one engine once its login's `outcome` (shared by the engines of the page) settles: the engine
 * stores the session (and tells the other tabs) and resolves with the one the tab keeps, or the `error` status is set
 * when there is no session; cleans the address bar either way. A URL without `state` resolves with the session the
 * tab holds once settled, if any.
 *
 * @throws {@link FiefAuthCallbackError} the error of a refusal or a failure; `signed_out` or `clock_set_back` when the
 *   engine would not keep the session.
 *
 * @example
 * ```ts
 * const { returnTo } = await completeCallback(context, state, door, outcome);
 * ```
 */
export async function completeCallback(
  context: LoginContext,
  state: SessionState,
  door: { load(): Promise<SessionEngine> },
  outcome: Promise<LoginOutcome>,
): Promise<FiefAuthCallbackResult> {
  try {
    const { session, returnTo } = await outcome.catch(explainRefusal);
    // The engine stores it and tells the other tabs; a later sign-in that landed first stays (`SessionKeeper.login`).
    const kept = await (await door.load()).keeper.login(session);
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
    endFailedCallback(context, state, error);
  } finally {
    cleanAddressBar();
  }
}

/** A refusal of the entry's checks (a {@link CallbackRefusal}) becomes its error; any other failure goes on as it is. */
function explainRefusal(cause: unknown): never {
  throw Array.isArray(cause) ? callbackRefusal(cause as unknown as CallbackRefusal) : cause;
}
