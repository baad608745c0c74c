import { type CryptoKey, jwtVerify } from 'jose';
import type { KoaContext } from 'oidc-provider';
import { unauthorized } from './apiError.js';

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
  // Fief answers every refusal of the token the same way: 401 `{ "detail": "Unauthorized" }`.
  if (!match) throw unauthorized();
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(match[1]!, settings.publicKey, {
      issuer: settings.issuer,
      algorithms: ['RS256'],
      typ: 'at+jwt',
    }));
  } catch {
    throw unauthorized();
  }
  const audience = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  const clientId = audience.find(
    (aud): aud is string => typeof aud === 'string' && settings.clientIds.has(aud),
  );
  if (typeof payload.sub !== 'string' || !clientId) throw unauthorized();
  return { sub: payload.sub, acr: typeof payload.acr === 'string' ? payload.acr : '0', clientId };
}
