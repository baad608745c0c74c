import { randomBytes } from 'node:crypto';
import { type CryptoKey, calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

/** The signing key of one server run: private JWK for oidc-provider, public key for verifying our own tokens. */
export interface SigningKeys {
  /** Private RS256 JWK with `kid`, `alg` and `use`, as oidc-provider's `jwks` option wants it. */
  readonly privateJWK: JWK;
  readonly publicKey: CryptoKey;
  readonly kid: string;
  /** Secrets that sign the session and interaction cookies. */
  readonly cookieKeys: string[];
}

/** Generates a fresh RS256 key pair (a new one at every start, as nothing is persisted). */
export async function generateSigningKeys(): Promise<SigningKeys> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(await exportJWK(publicKey));
  return {
    privateJWK: { ...jwk, kid, alg: 'RS256', use: 'sig' },
    publicKey,
    kid,
    cookieKeys: [randomBytes(32).toString('base64url')],
  };
}
