/**
 * The network between the model's tabs and its Fief (`modelFief.ts`): Fief's discovery document, and token requests
 * that fail on the way. Every failure goes through the real `sendTokenRequest` and `readTokenAnswer`, so that the client's timeout applies and
 * the engine sees exactly the errors the real client throws.
 */

import type fc from 'fast-check';
import { readJSON } from '../../protocol/http.js';
import { FiefIdTokenInvalid } from '../../protocol/tokenErrors.js';
import { readTokenAnswer, sendTokenRequest as sendThroughClient } from '../../protocol/tokenRequest.js';

export const MODEL_ISSUER = 'https://model.fief.test';
export const MODEL_CLIENT_ID = 'model-client';

/** What the next token request meets. */
export type NetworkFault = 'none' | 'dropBeforeAnswer' | 'dropAfterAnswer' | 'hang';

export const discovery = {
  issuer: MODEL_ISSUER,
  authorization_endpoint: `${MODEL_ISSUER}/authorize`,
  token_endpoint: `${MODEL_ISSUER}/api/token`,
  userinfo_endpoint: `${MODEL_ISSUER}/api/userinfo`,
  jwks_uri: `${MODEL_ISSUER}/.well-known/jwks.json`,
};

/** Sends a token request that `fetchAnswer` answers, through the real client: its answer, or its error. */
export function sendTokenRequest(
  fetchAnswer: (input: string | URL | Request, init?: RequestInit) => Promise<Response>,
): Promise<unknown> {
  return sendThroughClient(
    { fetch: fetchAnswer },
    discovery as never,
    { clientId: MODEL_CLIENT_ID },
    {},
  ).then((answer) => readTokenAnswer(readJSON, answer));
}

/** A token request that `fetchAnswer` makes fail: the error the real client throws. */
export async function failedRequest(
  fetchAnswer: (input: string | URL | Request, init?: RequestInit) => Promise<Response>,
): Promise<never> {
  await sendTokenRequest(fetchAnswer);
  throw new Error('expected the token request to fail');
}

/** Fief refuses the grant (a refresh token used, a code unknown). */
export function refusedGrant(): Promise<never> {
  return failedRequest(() => Promise.resolve(new Response('{"error":"invalid_grant"}', { status: 400 })));
}

/**
 * A token request lost before it reached Fief: the failure lands when the scheduler says, unless the client gave up
 * first (seed -16868338: a loss held past the timeout kept another tab waiting for it).
 */
export function lostRequest(scheduler: fc.Scheduler): Promise<never> {
  return failedRequest(
    (_input, init) =>
      new Promise((_resolve, reject) => {
        const signal = init?.signal;
        signal?.addEventListener('abort', () => reject(signal.reason));
        void scheduler
          .schedule(Promise.resolve(), 'token request lost')
          .then(() => reject(new TypeError('fetch failed')));
      }),
  );
}

/** A token request that never reaches Fief and never answers: only the client's timeout ends it. */
export function hangingRequest(): Promise<never> {
  return failedRequest(
    (_input, init) =>
      new Promise((_resolve, reject) => {
        const signal = init?.signal;
        signal?.addEventListener('abort', () => reject(signal.reason));
      }),
  );
}

/** What the client makes of an answer cut off after Fief sent it (Fief used the grant; the client has nothing). */
export function cutOffAnswer(): FiefIdTokenInvalid {
  return new FiefIdTokenInvalid('signature', 'expected a valid answer, found one cut off');
}
