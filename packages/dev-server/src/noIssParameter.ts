import type { Middleware } from 'oidc-provider';

/**
 * Fief sends no RFC 9207 `iss` in its authorization responses and does not announce one
 * (`fief/services/authentication_flow.py`, `fief/apps/auth/routers/well_known.py`); oidc-provider always does. Drops
 * `iss` from redirects to an app (the callback, with a code or an error) and the announcement from discovery, so
 * that an app is tested as it will run: without `iss` on its callback URL.
 */
export function withoutIssParameter(issuer: string): Middleware {
  const own = new URL(issuer).origin;
  return async (ctx, next) => {
    await next();
    if (
      ctx.path === '/.well-known/openid-configuration' &&
      typeof ctx.body === 'object' &&
      ctx.body !== null
    ) {
      delete (ctx.body as Record<string, unknown>).authorization_response_iss_parameter_supported;
      return;
    }
    const location = ctx.response.get('Location');
    if (!location) return;
    let url: URL;
    try {
      url = new URL(location);
    } catch {
      return;
    }
    if (url.origin === own || url.searchParams.get('iss') !== issuer) return;
    url.searchParams.delete('iss');
    ctx.set('Location', url.href);
  };
}
