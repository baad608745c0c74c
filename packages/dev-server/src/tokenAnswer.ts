import type Provider from 'oidc-provider';
import type { Middleware } from 'oidc-provider';
import { isPlainObject } from './body.js';

/**
 * Shapes the token endpoint's answer like Fief's (`TokenResponse` in `fief/schemas/auth.py`): `access_token`,
 * `id_token`, `token_type: "bearer"`, `expires_in`, and `refresh_token` only when the scope of the answer has
 * `offline_access` (`fief/apps/auth/routers/token.py`). oidc-provider adds `scope`, spells `Bearer`, and rotates a
 * refresh token whatever scope a refresh asks for; Fief, asked for a scope without `offline_access`, deletes the
 * refresh token it was sent and issues none.
 */
export function fiefTokenAnswer(provider: Provider): Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.path !== '/api/token' || ctx.status !== 200 || !isPlainObject(ctx.body)) return;
    const body = ctx.body;
    if (typeof body.access_token !== 'string') return;
    delete body.scope;
    body.token_type = 'bearer';
    const { grant_type: grantType, scope } = ctx.oidc?.params ?? {};
    const offline = typeof scope !== 'string' || scope.split(' ').includes('offline_access');
    if (grantType === 'refresh_token' && !offline && typeof body.refresh_token === 'string') {
      await (await provider.RefreshToken.find(body.refresh_token))?.destroy();
      delete body.refresh_token;
    }
  };
}
