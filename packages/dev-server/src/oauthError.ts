import type { KoaContext } from 'oidc-provider';

/** An error answered as OAuth JSON (`{ error, error_description }`) with its HTTP status. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}

/** Writes an OAuth JSON error; 401s also get a `WWW-Authenticate: Bearer` challenge (RFC 6750 §3). */
export function sendOAuthError(ctx: KoaContext, error: OAuthError): void {
  ctx.status = error.status;
  if (error.status === 401) {
    const description = error.description.replace(/["\\]/g, "'");
    ctx.set('WWW-Authenticate', `Bearer error="${error.error}", error_description="${description}"`);
  }
  ctx.set('Cache-Control', 'no-store');
  ctx.type = 'json';
  ctx.body = { error: error.error, error_description: error.description };
}
