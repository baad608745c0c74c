import { type CryptoKey, errors as joseErrors, jwtVerify } from 'jose';
import type { KoaContext } from 'oidc-provider';
import { OAuthError } from './oauthError.js';

/** What the API needs from a verified access token. */
export interface VerifiedAccessToken {
  sub: string;
  acr: string;
  clientId: string;
}

export interface BearerSettings {
  issuer: string;
  publicKey: CryptoKey;
  clientIds: ReadonlySet<string>;
}

/**
 * Verifies the `Authorization: Bearer` JWT access token against the server's own key. oidc-provider's
 * userinfo endpoint and `AccessToken.find()` do not accept JWT-format tokens, so the API checks them here.
 */
export async function verifyBearer(ctx: KoaContext, settings: BearerSettings): Promise<VerifiedAccessToken> {
  const header = ctx.get('Authorization');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    throw new OAuthError(401, 'invalid_token', 'an access token is required (Authorization: Bearer <token>)');
  }
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(match[1]!, settings.publicKey, {
      issuer: settings.issuer,
      algorithms: ['RS256'],
      typ: 'at+jwt',
    }));
  } catch (error) {
    const description =
      error instanceof joseErrors.JWTExpired ? 'the access token has expired' : 'the access token is invalid';
    throw new OAuthError(401, 'invalid_token', description);
  }
  const audience = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  const clientId = audience.find(
    (aud): aud is string => typeof aud === 'string' && settings.clientIds.has(aud),
  );
  if (typeof payload.sub !== 'string' || !clientId) {
    throw new OAuthError(401, 'invalid_token', 'the access token is not for a client of this server');
  }
  return { sub: payload.sub, acr: typeof payload.acr === 'string' ? payload.acr : '0', clientId };
}
