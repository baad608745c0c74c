import { CompactEncrypt, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Fief, FiefIdTokenInvalid } from '../../index.js';
import { CLIENT_ID, FakeFief, halfHash, makeKey, type SigningKey, sign } from './fakeFief.js';

const server = new FakeFief();
let signingKey: SigningKey;
let encryption: CryptoKeyPair;
let privateJWK: JsonWebKey;

beforeAll(async () => {
  await server.start();
  signingKey = await makeKey('RS256', 'sig');
  encryption = (await generateKeyPair('RSA-OAEP-256', { extractable: true })) as CryptoKeyPair;
  privateJWK = await exportJWK(encryption.privateKey);
});
afterAll(() => server.close());
beforeEach(() => server.reset([signingKey]));

/** A signed ID token encrypted as Fief does it: RSA-OAEP-256 / A256CBC-HS512, nested JWT. */
async function encryptedIDToken(
  publicKey: CryptoKey = encryption.publicKey,
  claims = server.claims({ at_hash: halfHash('access') }),
) {
  const jws = await sign(claims, signingKey);
  return new CompactEncrypt(new TextEncoder().encode(jws))
    .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256CBC-HS512', cty: 'JWT' })
    .encrypt(publicKey);
}

async function callback(fief: Fief, idToken: string) {
  server.tokens = { access_token: 'access', id_token: idToken, token_type: 'bearer', expires_in: 3600 };
  return fief.authCallback('code', 'http://127.0.0.1/cb', 'verifier');
}

describe('encrypted ID tokens', () => {
  for (const [name, encryptionKey] of [
    ['a JWK JSON string', () => JSON.stringify(privateJWK)],
    ['a JWK object', () => privateJWK],
    ['a CryptoKey', () => encryption.privateKey],
  ] as const) {
    it(`are decrypted with ${name} and then fully validated`, async () => {
      const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID, encryptionKey: encryptionKey() });
      const [, userinfo] = await callback(fief, await encryptedIDToken());
      expect(userinfo).toMatchObject({ sub: 'user-1', email: 'anne@example.com' });
    });
  }

  it('still have their claims validated after decryption', async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID, encryptionKey: privateJWK });
    const token = await encryptedIDToken(
      encryption.publicKey,
      server.claims({ iss: 'https://evil.example' }),
    );
    await expect(callback(fief, token)).rejects.toMatchObject({ reason: 'iss' });
  });

  it('encrypted for another key are rejected (decrypt)', async () => {
    const other = (await generateKeyPair('RSA-OAEP-256')) as CryptoKeyPair;
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID, encryptionKey: privateJWK });
    const error = await callback(fief, await encryptedIDToken(other.publicKey)).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(FiefIdTokenInvalid);
    expect((error as FiefIdTokenInvalid).reason).toBe('decrypt');
  });

  it('without an encryptionKey are rejected (decrypt)', async () => {
    const error = await callback(
      new Fief({ baseURL: server.url, clientId: CLIENT_ID }),
      await encryptedIDToken(),
    ).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(FiefIdTokenInvalid);
    expect((error as FiefIdTokenInvalid).reason).toBe('decrypt');
  });

  it('with an encryptionKey that is not a key fail as a configuration error (the constructor did not throw)', async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID, encryptionKey: '{not json' });
    // Not blamed on the token: the key is the app's.
    await expect(callback(fief, await encryptedIDToken())).rejects.toMatchObject({
      name: 'FiefError',
      code: 'ERR_FIEF_ENCRYPTION_KEY',
    });
    // Nor is a refresh token sent with a key that could never read the answer.
    await expect(fief.authRefreshToken('a-refresh-token')).rejects.toMatchObject({
      code: 'ERR_FIEF_ENCRYPTION_KEY',
    });
    expect(server.count('/api/token')).toBe(1);
  });

  it('are required once an encryptionKey is set: a plain signed ID token is refused (encryption)', async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID, encryptionKey: privateJWK });
    const plain = await sign(server.claims({ at_hash: halfHash('access') }), signingKey);
    const error = await callback(fief, plain).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(FiefIdTokenInvalid);
    expect((error as FiefIdTokenInvalid).reason).toBe('encryption');
  });
});
