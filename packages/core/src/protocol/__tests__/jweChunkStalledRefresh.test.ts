/**
 * The JWE module is a third chunk loaded on demand (apps with an `encryptionKey`), and `import()` has no timeout: when
 * its download stalls, it is bounded like the two doors' chunks (`chunkInTime.ts`). Otherwise the callback page of
 * such an app shows "loading" for ever, and `authRefreshToken` never settles, though its refresh token stays unsent.
 * The bound is shortened here (the doors read it from `http.ts`) so that the test runs in real time, with a real
 * token server.
 * (One import of the module a file: here vitest handed a later import of a module mocked with a pending promise the
 * real module, which a browser would not.)
 */

import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fief } from '../fief.js';
import { CLIENT_ID, FakeFief, makeKey, type SigningKey } from './fakeFief.js';
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
let privateJWK: JsonWebKey;

beforeAll(async () => {
  await protocolChunkLoaded();
  await server.start();
  signingKey = await makeKey('RS256', 'sig');
  const encryption = (await generateKeyPair('RSA-OAEP-256', { extractable: true })) as CryptoKeyPair;
  privateJWK = await exportJWK(encryption.privateKey);
});
afterAll(() => server.close());
beforeEach(() => server.reset([signingKey]));

describe('a JWE module whose download stalls', () => {
  it('fails loadTokenValidation and authRefreshToken in time, the refresh token unsent', async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID, encryptionKey: privateJWK });

    // Together: they share one import of the module (a second import here would be vitest's, see above).
    const loading = fief.loadTokenValidation();
    const refresh = fief.authRefreshToken('a-refresh-token');

    expect(await outcomeWithin(loading, BOUND_MS + 2_000)).toMatchObject({
      name: 'FiefError',
      code: 'ERR_FIEF_CHUNK_LOAD',
    });
    expect(await outcomeWithin(refresh, 1_000)).toMatchObject({ code: 'ERR_FIEF_CHUNK_LOAD' });
    expect(server.count('/api/token')).toBe(0);
  });
});
