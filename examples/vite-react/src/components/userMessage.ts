import { FiefAuthCallbackError, FiefError, FiefRequestError } from '@fief-spa/core';

const unreachable = 'The identity server could not be reached. Check your connection and try again.';
const unusable = 'The identity server’s answer did not pass this app’s security checks. Please try again.';
const sessionOver = 'Your session has expired. Please sign in again.';
const unknown = 'Something went wrong. Please try again.';

/**
 * A short sentence for the people using the app, from whatever a failed call threw: chosen by the error's `code`,
 * `reason` or OAuth `error`, never its message, which is written for developers (log the error for them with
 * `console.error`).
 */
export function userMessage(error: unknown): string {
  if (error instanceof FiefAuthCallbackError) return callbackMessage(error);
  if (error instanceof FiefRequestError) return requestMessage(error);
  if (error instanceof FiefError) return fiefMessage(error);
  if (error instanceof Error && error.cause instanceof FiefRequestError) return requestMessage(error.cause);
  return unknown;
}

function callbackMessage(error: FiefAuthCallbackError): string {
  switch (error.reason) {
    case 'missing_state':
    case 'unknown_state':
    case 'duplicate_parameter':
    case 'missing_code':
      return 'This sign-in link was already used, has expired, or is incomplete.';
    case 'authorization_error':
      return error.error === 'access_denied'
        ? 'The sign-in was cancelled.'
        : 'The identity server did not let you sign in.';
    case 'issuer_mismatch':
    case 'login_mismatch':
      return 'This sign-in link did not come from this app’s identity server.';
    case 'token_exchange':
      return error.cause instanceof FiefRequestError && error.cause.code === 'ERR_FIEF_NETWORK'
        ? unreachable
        : error.cause instanceof FiefRequestError
          ? 'The identity server did not accept this sign-in link: it may have expired or been used already.'
          : unusable;
    case 'acr_too_low':
    case 'max_age_exceeded':
      return 'This page needs you to sign in with your password again.';
    case 'signed_out':
      return 'You signed out while this sign-in was finishing. Sign in again to go on.';
    case 'clock_set_back':
      return 'Your device’s clock changed while this sign-in was finishing. Please sign in again.';
  }
}

function requestMessage(error: FiefRequestError): string {
  switch (error.code) {
    case 'ERR_FIEF_NETWORK':
      return unreachable;
    case 'ERR_FIEF_RESPONSE_INTERRUPTED':
      return 'The connection to the identity server was lost. Please try again.';
    case 'ERR_FIEF_REQUEST':
      if (error.error === 'invalid_grant' || error.status === 401) return sessionOver;
      if (error.status >= 500) return 'The identity server is having trouble. Please try again in a moment.';
      // Fief names a refused change with a code (its `detail`), never a sentence.
      if (error.error !== undefined && Object.hasOwn(fiefRefusals, error.error))
        return fiefRefusals[error.error]!;
      // A refused change (an email already taken, a wrong code): the server's own words, when they are words.
      if (error.errorDescription && !/^[A-Z0-9_]+$/.test(error.errorDescription)) {
        return sentence(error.errorDescription);
      }
      return 'The identity server refused the request.';
    default:
      return unusable;
  }
}

/** Fief's codes for a change of the user API it refused (`PATCH /api/password`, `/api/email/change`, ...). */
const fiefRefusals: Record<string, string> = {
  USER_UPDATE_EMAIL_ALREADY_EXISTS: 'Another account already uses this email address.',
  USER_UPDATE_INVALID_EMAIL_VERIFICATION_CODE:
    'This code is wrong or has expired. Check the latest email and try again.',
  ACR_TOO_LOW: 'This change needs you to sign in with your password again.',
};

function fiefMessage(error: FiefError): string {
  switch (error.code) {
    case 'ERR_FIEF_UNREACHABLE':
      return unreachable;
    case 'ERR_FIEF_NOT_AUTHENTICATED':
      return 'You are signed out. Please sign in again.';
    case 'ERR_FIEF_REFRESH_LOST':
      return sessionOver;
    case 'ERR_FIEF_CHUNK_LOAD':
      // A new release removed this page's code from the server, or the page was offline when it needed it: only a
      // reload loads it.
      return 'This page needs to be reloaded to go on (a new version of the app, or the connection dropped).';
    case 'ERR_FIEF_STORAGE':
      return 'This browser would not let the app keep your sign-in (private browsing, or storage full?).';
    default:
      return unusable;
  }
}

/**
 * What to tell people when `logout` rejected: the session in this app (and its other tabs) is over all the same;
 * only the identity server was not told, so its own session may still be open.
 */
export function signOutMessage(error: unknown): string {
  const why =
    error instanceof FiefError && error.code === 'ERR_FIEF_UNREACHABLE'
      ? 'The identity server could not be reached'
      : 'The identity server could not be told';
  return (
    `You are signed out of this app. ${why}, so your session there may still be open: the next sign-in ` +
    'on this browser may not ask for your password.'
  );
}

/** `the code is invalid` -> `The code is invalid.` */
function sentence(text: string): string {
  const trimmed = text.trim();
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}${/[.!?]$/.test(trimmed) ? '' : '.'}`;
}
