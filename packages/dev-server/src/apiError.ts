import type { KoaContext } from 'oidc-provider';

/**
 * An error of Fief's user API (`/api/userinfo`, `/api/profile`, `/api/password`, `/api/email/*`), answered as Fief, a
 * FastAPI app, answers it: `{ "detail": ... }` and the status, never OAuth's `error` (see `fief/apps/auth/routers/user.py`
 * and `fief/dependencies/users.py`). `detail` is an `APIErrorCode` (`ACR_TOO_LOW`), the status's phrase
 * (`Unauthorized`), or for a body that does not validate (422) a list of what is wrong.
 */
export class FiefAPIError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string | ReadonlyArray<Record<string, unknown>>,
  ) {
    super(typeof detail === 'string' ? detail : 'the request body does not validate');
    this.name = 'FiefAPIError';
  }
}

/** Fief's 401 for a missing, invalid or expired token, or an inactive user: no `WWW-Authenticate` challenge. */
export const unauthorized = (): FiefAPIError => new FiefAPIError(401, 'Unauthorized');

/** FastAPI's 422 for a body member that is missing or not valid. */
export const unprocessable = (loc: readonly (string | number)[], msg: string, type: string): FiefAPIError =>
  new FiefAPIError(422, [{ type, loc: ['body', ...loc], msg }]);

export function sendAPIError(ctx: KoaContext, error: FiefAPIError): void {
  ctx.status = error.status;
  ctx.set('Cache-Control', 'no-store');
  ctx.type = 'json';
  ctx.body = { detail: error.detail };
}
