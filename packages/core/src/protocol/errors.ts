/**
 * Error classes of the Fief client. Every failure is one of these: branch with `instanceof` or on `code`,
 * never on the message. Messages say what was expected and what was found, and never contain a token.
 * The token validation errors are in `tokenErrors.ts`, beside the lazily loaded code that throws them.
 */

/**
 * Base class of every error thrown by `@fief-spa/core`.
 *
 * @example
 * ```ts
 * try {
 *   await fief.authCallback(code, redirectURI, verifier);
 * } catch (err) {
 *   if (err instanceof FiefError) console.error(err.code, err.message);
 * }
 * ```
 */
export class FiefError extends Error {
  /** Machine-readable code, stable across releases (e.g. `ERR_FIEF_ID_TOKEN_INVALID`). */
  readonly code: string;

  constructor(message: string, code = 'ERR_FIEF', options?: { cause?: unknown }) {
    super(message, options);
    // Subclasses set their own name: class names do not survive minification.
    this.name = 'FiefError';
    this.code = code;
  }
}

/**
 * The error of a chunk of this package that did not load on demand (offline, or removed from the server by a deploy):
 * `ERR_FIEF_CHUNK_LOAD`; its `cause` names the chunk. Browsers remember a failed `import()` for the life of the
 * page: only a reload loads it.
 *
 * @example
 * ```ts
 * keeper.fail(chunkLoadError(cause), 'error');
 * ```
 */
export function chunkLoadError(cause: unknown): FiefError {
  return new FiefError(
    'expected to load code on demand, but it failed: reload the page',
    'ERR_FIEF_CHUNK_LOAD',
    {
      cause,
    },
  );
}

/**
 * Throws {@link chunkLoadError} of `cause`: the rejection handler of a chunk's load.
 *
 * @example
 * ```ts
 * import { loadSessionFlows } from '../session/loadSessionFlows.js';
 *
 * const flows = await loadSessionFlows().catch(rejectChunkLoad);
 * ```
 */
export function rejectChunkLoad(cause: unknown): never {
  throw chunkLoadError(cause);
}

/**
 * Codes a {@link FiefRequestError} can carry.
 *
 * @example
 * ```ts
 * if (err instanceof FiefRequestError && err.code === 'ERR_FIEF_NETWORK') showOfflineBanner();
 * ```
 */
export type FiefRequestErrorCode =
  /** The server answered with a non-2xx status. */
  | 'ERR_FIEF_REQUEST'
  /** No answer came (network, CORS, abort): the request may never have reached the server. `status` is 0. */
  | 'ERR_FIEF_NETWORK'
  /** The server answered (`status` is its status), but the body could not be read to the end (connection lost). */
  | 'ERR_FIEF_RESPONSE_INTERRUPTED'
  /**
   * The server answered with a redirect, which is never followed: a token, a code or a refresh token must not be
   * sent on to another address, and an answer from elsewhere is not Fief's. `status` is the 3xx (0 in browsers).
   */
  | 'ERR_FIEF_REDIRECT'
  /** The server answered 2xx, but with a body that is not the JSON document expected. */
  | 'ERR_FIEF_RESPONSE_MALFORMED'
  /** The discovery document names another issuer than `baseURL`. */
  | 'ERR_FIEF_ISSUER_MISMATCH';

/**
 * A request to Fief failed: HTTP error status, network failure, or an answer that is not what the protocol
 * says (non-JSON, truncated JSON, missing fields, discovery issuer mismatch).
 *
 * @example
 * ```ts
 * try {
 *   await fief.authRefreshToken(refreshToken);
 * } catch (err) {
 *   if (err instanceof FiefRequestError && err.error === 'invalid_grant') {
 *     // the refresh token was used or revoked: sign in again
 *   }
 * }
 * ```
 */
export class FiefRequestError extends FiefError {
  declare readonly code: FiefRequestErrorCode;
  /** HTTP status of the answer; `0` when no answer was received. */
  declare readonly status: number;
  /** OAuth `error` (RFC 6749 §5.2), or the Fief API `detail` string, when the server sent one. */
  declare readonly error: string | undefined;
  /** OAuth `error_description`, when the server sent one. */
  declare readonly errorDescription: string | undefined;
  /** Short description of the failure (kept for compatibility with the original client). */
  declare readonly detail: string;

  constructor(
    message: string,
    init: {
      code?: FiefRequestErrorCode;
      status: number;
      error?: string | undefined;
      errorDescription?: string | undefined;
      cause?: unknown;
    },
  ) {
    super(message, init.code ?? 'ERR_FIEF_REQUEST', { cause: init.cause });
    this.name = 'FiefRequestError';
    this.status = init.status;
    this.error = init.error;
    this.errorDescription = init.errorDescription;
    this.detail = init.errorDescription ?? init.error ?? message;
  }
}

/** Builds the `ERR_FIEF_RESPONSE_MALFORMED` error for a JSON answer that lacks what the protocol requires. */
export function malformedResponse(what: string, expected: string): FiefRequestError {
  return new FiefRequestError(`expected ${what} to have ${expected}`, {
    code: 'ERR_FIEF_RESPONSE_MALFORMED',
    status: 200,
  });
}
