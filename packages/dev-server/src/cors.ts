import type { Middleware } from 'oidc-provider';

/** Unauthenticated documents any origin may read. */
const PUBLIC_DOCUMENTS = new Set(['/.well-known/openid-configuration', '/.well-known/jwks.json']);

/** Endpoints a browser SPA calls with tokens or a code: only from the origins of registered redirect URIs. */
const isClientEndpoint = (path: string): boolean => path.startsWith('/api/');

const ALLOW_METHODS = 'GET, POST, PATCH, OPTIONS';
const ALLOW_HEADERS = 'Authorization, Content-Type';

/**
 * CORS for the browser SPA. It answers preflights itself and sets `Access-Control-Allow-Origin` before
 * oidc-provider runs; oidc-provider then leaves the headers alone (it skips its own CORS when they are set),
 * and for an origin we refused its `clientBasedCORS` refuses too.
 */
export function corsMiddleware(origins: ReadonlySet<string>): Middleware {
  return async (ctx, next) => {
    const origin = ctx.get('Origin');
    const isPublic = PUBLIC_DOCUMENTS.has(ctx.path);
    if (!origin || (!isPublic && !isClientEndpoint(ctx.path))) return next();

    const allowed = isPublic || origins.has(origin);
    if (allowed) {
      ctx.set('Access-Control-Allow-Origin', isPublic ? '*' : origin);
      ctx.set('Access-Control-Expose-Headers', 'WWW-Authenticate');
    }
    if (!isPublic) ctx.vary('Origin');

    if (ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method')) {
      if (allowed) {
        ctx.set('Access-Control-Allow-Methods', isPublic ? 'GET, OPTIONS' : ALLOW_METHODS);
        ctx.set('Access-Control-Allow-Headers', ALLOW_HEADERS);
        ctx.set('Access-Control-Max-Age', '600');
      }
      ctx.status = 204;
      ctx.body = null;
      return;
    }
    return next();
  };
}
