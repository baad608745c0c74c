/**
 * The JWE module is a chunk of its own, loaded on demand: when it cannot load (offline, or removed from the server by
 * a deploy), no refresh token is sent, and a callback's token is not called invalid for it.
 */

import { CompactEncrypt, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fief } from '../fief.js';
import { CLIENT_ID, FakeFief, halfHash, makeKey, type SigningKey, sign } from './fakeFief.js';

vi.mock('../jwe.js', () => {
  throw new TypeError('Failed to fetch dynamically imported module');
});

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

describe('a JWE module that does not load', () => {
  it('keeps the refresh token unsent: authRefreshToken and loadTokenValidation reject with ERR_FIEF_CHUNK_LOAD', async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID, encryptionKey: privateJWK });

    await expect(fief.loadTokenValidation()).rejects.toMatchObject({ code: 'ERR_FIEF_CHUNK_LOAD' });
    await expect(fief.authRefreshToken('a-refresh-token')).rejects.toMatchObject({
      code: 'ERR_FIEF_CHUNK_LOAD',
    });
    expect(server.count('/api/token')).toBe(0);
  });

  it('fails a callback with ERR_FIEF_CHUNK_LOAD, not as an ID token that does not decrypt', async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID, encryptionKey: privateJWK });
    const jws = await sign(server.claims({ at_hash: halfHash('access') }), signingKey);
    const idToken = await new CompactEncrypt(new TextEncoder().encode(jws))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256CBC-HS512', cty: 'JWT' })
      .encrypt(encryption.publicKey);
    server.tokens = { access_token: 'access', id_token: idToken, token_type: 'bearer', expires_in: 3600 };

    await expect(fief.authCallback('code', 'http://127.0.0.1/cb', 'verifier')).rejects.toMatchObject({
      name: 'FiefError',
      code: 'ERR_FIEF_CHUNK_LOAD',
    });
  });

  it('costs nothing without an encryptionKey: the validation code loads, and the refresh is sent', async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });

    await expect(fief.loadTokenValidation()).resolves.toBeUndefined();
    await expect(fief.authRefreshToken('a-refresh-token')).rejects.toMatchObject({
      name: 'FiefRequestError',
    });
    expect(server.count('/api/token')).toBe(1);
  });
});
