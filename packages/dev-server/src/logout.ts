import type Provider from 'oidc-provider';
import type { Middleware } from 'oidc-provider';
import { isRegisteredRedirectURI, REGISTER_REDIRECT_URI, type ResolvedClient } from './clients.js';
import { renderSignedOutPage } from './loginPage.js';
import { OAuthError } from './oauthError.js';

/**
 * Fief's `GET /logout?redirect_uri=`: ends the browser session, then goes to `redirect_uri`, which must be
 * exactly a redirect URI of a registered client (never an open redirect). Without `redirect_uri` it shows a
 * signed-out page. Refresh tokens stay valid, as with Fief.
 */
export function logoutRoute(provider: Provider, clients: readonly ResolvedClient[]): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== '/logout') return next();
    if (ctx.method !== 'GET')
      throw new OAuthError(405, 'invalid_request', `${ctx.method} is not allowed on /logout`);

    const redirectURI = ctx.query.redirect_uri;
    if (Array.isArray(redirectURI))
      throw new OAuthError(400, 'invalid_request', 'redirect_uri is given twice');
    if (redirectURI !== undefined && !isRegisteredRedirectURI(clients, redirectURI)) {
      throw new OAuthError(
        400,
        'invalid_request',
        `redirect_uri is not a redirect URI of a registered client ${REGISTER_REDIRECT_URI}`,
      );
    }

    const session = await provider.Session.get(ctx);
    if (session.accountId) await session.destroy();
    const name = provider.cookieName('session');
    ctx.cookies.set(name, null, { path: '/', httpOnly: true, sameSite: 'lax' });

    ctx.set('Cache-Control', 'no-store');
    if (redirectURI !== undefined) {
      ctx.redirect(redirectURI);
      return;
    }
    ctx.type = 'html';
    ctx.body = renderSignedOutPage();
  };
}
