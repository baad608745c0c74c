/**
 * The JWE module is a third chunk loaded on demand (apps with an `encryptionKey`), and `import()` has no timeout: when
 * its download stalls, it is bounded like the two doors' chunks (`chunkInTime.ts`). Otherwise the callback page of
 * such an app shows "loading" for ever, and `authRefreshToken` never settles, though its refresh token stays unsent.
 * The bound is shortened here (the doors read it from `http.ts`) so that the test runs in real time, with a real
 * token server.
 * (One import of the module a file: here vitest handed a later import of a module mocked with a pending promise the
 * real module, which a browser would not.)
 */

import { CompactEncrypt, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fief } from '../fief.js';
import { CLIENT_ID, FakeFief, halfHash, makeKey, type SigningKey, sign } from './fakeFief.js';
import { outcomeWithin, protocolChunkLoaded } from './stalledJWEKit.js';

const BOUND_MS = 500;

vi.mock('../transport.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../transport.js')>()),
  REQUEST_TIMEOUT_MS: 500,
}));
// The download starts and never ends.
vi.mock('../jwe.js', () => new Promise(() => {}));

const server = new FakeFief();
let signingKey: SigningKey;
let encryption: CryptoKeyPair;
let privateJWK: JsonWebKey;

beforeAll(async () => {
  await protocolChunkLoaded();
  await server.start();
  signingKey = await makeKey('RS256', 'sig');
  encryption = (await generateKeyPair('RSA-OAEP-256', { extractable: true })) as CryptoKeyPair;
  privateJWK = await exportJWK(encryption.privateKey);
});
afterAll(() => server.close());
beforeEach(() => server.reset([signingKey]));

describe('a JWE module whose download stalls', () => {
  it('fails a callback in time with ERR_FIEF_CHUNK_LOAD, rather than leaving it loading for ever', async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID, encryptionKey: privateJWK });
    const jws = await sign(server.claims({ at_hash: halfHash('access') }), signingKey);
    const idToken = await new CompactEncrypt(new TextEncoder().encode(jws))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256CBC-HS512', cty: 'JWT' })
      .encrypt(encryption.publicKey);
    server.tokens = { access_token: 'access', id_token: idToken, token_type: 'bearer', expires_in: 3600 };

    const callback = fief.authCallback('code', 'http://127.0.0.1/cb', 'verifier');

    expect(await outcomeWithin(callback, BOUND_MS + 2_000)).toMatchObject({
      name: 'FiefError',
      code: 'ERR_FIEF_CHUNK_LOAD',
    });
    expect(server.count('/api/token')).toBe(1);
  });
});
