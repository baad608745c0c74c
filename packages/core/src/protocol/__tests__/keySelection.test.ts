import { generateKeyPairSync } from 'node:crypto';
import { exportJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Fief, FiefIdTokenInvalid } from '../../index.js';
import { decodeBase64url } from '../base64url.js';
import { CLIENT_ID, FakeFief } from './fakeFief.js';

// One key, one algorithm; canonical base64url only. Both close ways for one signature to pass as another.
const server = new FakeFief();
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
let keyWithoutAlg: JWK;

beforeAll(async () => {
  await server.start();
  keyWithoutAlg = { ...(await exportJWK(rsa.publicKey)), kid: 'rsa', use: 'sig' };
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset([]);
  server.jwks = { keys: [keyWithoutAlg] };
});

const signWith = (alg: string) =>
  new SignJWT(server.claims()).setProtectedHeader({ alg, kid: 'rsa' }).sign(rsa.privateKey);

async function outcome(idToken: string): Promise<string> {
  server.tokens = { access_token: 'access', id_token: idToken, token_type: 'bearer', expires_in: 3600 };
  const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
  return fief.authCallback('code', 'http://127.0.0.1/cb', 'verifier').then(
    () => 'accepted',
    (error: unknown) => {
      expect(error).toBeInstanceOf(FiefIdTokenInvalid);
      return (error as FiefIdTokenInvalid).reason;
    },
  );
}

describe('an RSA key that names no alg', () => {
  it('verifies RS256 only when discovery lists no algorithm, and never PS256 as well', async () => {
    expect(await outcome(await signWith('RS256'))).toBe('accepted');
    expect(await outcome(await signWith('PS256'))).toBe('kid');
  });

  it("verifies the RSA algorithm that discovery's id_token_signing_alg_values_supported gives, and no other", async () => {
    server.discoveryExtras = { id_token_signing_alg_values_supported: ['PS384', 'ES256'] };
    expect(await outcome(await signWith('PS384'))).toBe('accepted');
    expect(await outcome(await signWith('RS256'))).toBe('kid');
  });
});

describe('key_ops of a published key', () => {
  // RFC 7517 §4.3: duplicate key operation values MUST NOT be present. Found by the differential test against jose.
  it('a key whose key_ops repeats "verify" verifies nothing', async () => {
    server.jwks = { keys: [{ ...keyWithoutAlg, key_ops: ['verify', 'verify'] }] };
    expect(await outcome(await signWith('RS256'))).toBe('kid');
  });

  it('a key whose key_ops lists "verify" once verifies', async () => {
    server.jwks = { keys: [{ ...keyWithoutAlg, key_ops: ['verify'] }] };
    expect(await outcome(await signWith('RS256'))).toBe('accepted');
  });

  it('a key whose key_ops also lists "sign" verifies nothing (a public key cannot sign)', async () => {
    server.jwks = { keys: [{ ...keyWithoutAlg, key_ops: ['sign', 'verify'] }] };
    expect(await outcome(await signWith('RS256'))).toBe('kid');
  });
});

describe('a published key must be public', () => {
  // Found by the differential test against jose: we verified with the public members of such a key; jose refuses.
  it('a key published with its private exponent verifies nothing: the key set is compromised', async () => {
    const { d } = await exportJWK(rsa.privateKey);
    server.jwks = { keys: [{ ...keyWithoutAlg, d }] };
    expect(await outcome(await signWith('RS256'))).toBe('kid');
  });

  it('a key whose ext is not a boolean verifies nothing', async () => {
    // Untrusted JSON: the published key may hold anything, whatever jose's JWK type says.
    server.jwks = { keys: [{ ...keyWithoutAlg, ext: 'true' as unknown as boolean }] };
    expect(await outcome(await signWith('RS256'))).toBe('kid');
  });
});

describe('base64url in a token', () => {
  it('a signature whose last character was changed to an equivalent non-canonical one is refused', async () => {
    const token = await signWith('RS256');
    // 256 signature bytes end in a character that carries 2 bits: 'A' → 'B' keeps the bytes, changes the text.
    const last = token.at(-1) ?? '';
    const canonicalTail = 'AQgw'.includes(last);
    expect(canonicalTail).toBe(true);
    const altered = token.slice(0, -1) + String.fromCharCode(last.charCodeAt(0) + 1);
    expect(decodeBase64url.bind(null, altered.split('.')[2] ?? '')).toThrow(TypeError);
    expect(await outcome(altered)).toBe('malformed');
  });

  it.each([
    ['padding', 'AQ=='],
    ['whitespace', 'AQ\n'],
    ['a character outside the alphabet', 'A+Q'],
    ['standard base64 characters', 'ab/c'],
    ['non-zero unused bits', 'AR'],
    ['an impossible length', 'A'],
  ])('decoding refuses %s', (_name, text) => {
    expect(() => decodeBase64url(text)).toThrow(TypeError);
  });

  it('decoding accepts canonical text', () => {
    expect([...decodeBase64url('AQ')]).toEqual([1]);
    expect([...decodeBase64url('_-8')]).toEqual([255, 239]);
  });
});
