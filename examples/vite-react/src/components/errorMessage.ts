import { FiefRequestError } from '@fief-spa/core';

/**
 * A sentence for the user from whatever a failed call threw: the server's own description for a Fief request
 * error (also when it is the cause of another error), the message of anything else.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof FiefRequestError) return describeRequestError(error);
  if (error instanceof Error && error.message) {
    return error.cause instanceof FiefRequestError
      ? `${error.message}: ${describeRequestError(error.cause)}`
      : error.message;
  }
  return 'Something went wrong. Please try again.';
}

function describeRequestError(error: FiefRequestError): string {
  return error.code === 'ERR_FIEF_NETWORK'
    ? 'the identity server could not be reached; check your connection'
    : error.detail;
}
