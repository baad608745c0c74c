import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fief, FiefIdTokenInvalid, type FiefIdTokenInvalidReason } from '../../index.js';
import { JWKS_REFETCH_COOLDOWN_MS } from '../jwkSelection.js';
import { CLIENT_ID, FakeFief, halfHash, makeKey, type SigningKey, sign, unsigned } from './fakeFief.js';

const server = new FakeFief();
let key: SigningKey;
const REDIRECT_URI = 'http://127.0.0.1/callback';
const ACCESS_TOKEN = 'access-token-value';
const CODE = 'authorization-code-value';

beforeAll(async () => {
  await server.start();
  key = await makeKey('RS256', 'main-key');
});
afterAll(() => server.close());
beforeEach(() => server.reset([key]));

const newFief = () => new Fief({ baseURL: server.url, clientId: CLIENT_ID });

/** Runs a whole callback whose token endpoint returns `idToken`. */
async function callback(idToken: string, options: { nonce?: string; fief?: Fief } = {}) {
  server.tokens = { access_token: ACCESS_TOKEN, id_token: idToken, token_type: 'bearer', expires_in: 3600 };
  return (options.fief ?? newFief()).authCallback(CODE, REDIRECT_URI, 'verifier', undefined, {
    nonce: options.nonce,
  });
}

async function expectInvalid(promise: Promise<unknown>, reason: FiefIdTokenInvalidReason, token?: string) {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(FiefIdTokenInvalid);
  expect((error as FiefIdTokenInvalid).reason).toBe(reason);
  expect((error as FiefIdTokenInvalid).code).toBe('ERR_FIEF_ID_TOKEN_INVALID');
  if (token) expect((error as Error).message).not.toContain(token);
}

const now = () => Math.floor(Date.now() / 1000);

describe('a valid ID token', () => {
  it('is accepted and its claims are the user info', async () => {
    const [tokens, userinfo] = await callback(await sign(server.claims({ nonce: 'n-1' }), key), {
      nonce: 'n-1',
    });
    expect(tokens.access_token).toBe(ACCESS_TOKEN);
    expect(userinfo).toMatchObject({
      sub: 'user-1',
      email: 'anne@example.com',
      tenant_id: 'tenant-1',
      fields: { first_name: 'Anne' },
    });
  });

  it('with matching at_hash and c_hash is accepted', async () => {
    const claims = server.claims({ at_hash: halfHash(ACCESS_TOKEN), c_hash: halfHash(CODE) });
    await expect(callback(await sign(claims, key))).resolves.toHaveLength(2);
  });

  it('is accepted without kid when the JWKS has a single key', async () => {
    await expect(callback(await sign(server.claims(), key, { kid: null }))).resolves.toHaveLength(2);
  });

  it('with several audiences and azp = client_id is accepted', async () => {
    await expect(
      callback(await sign(server.claims({ aud: [CLIENT_ID, 'api'], azp: CLIENT_ID }), key)),
    ).resolves.toHaveLength(2);
  });

  it('with an aud string equal to client_id and no azp is accepted', async () => {
    await expect(
      callback(await sign(server.claims({ aud: CLIENT_ID, azp: undefined }), key)),
    ).resolves.toHaveLength(2);
  });

  it('expired less than the clock tolerance ago is accepted', async () => {
    await expect(callback(await sign(server.claims({ exp: now() - 30 }), key))).resolves.toHaveLength(2);
  });

  for (const alg of [
    'RS384',
    'RS512',
    'PS256',
    'PS384',
    'PS512',
    'ES256',
    'ES384',
    'ES512',
    'EdDSA',
  ] as const) {
    it(`signed with ${alg} is accepted, and its at_hash uses the ${alg} hash`, async () => {
      const other = await makeKey(alg);
      server.jwks = { keys: [other.publicJWK] };
      const bits = alg === 'EdDSA' ? 512 : (Number(alg.slice(2)) as 256 | 384 | 512);
      const claims = server.claims({ at_hash: halfHash(ACCESS_TOKEN, bits) });
      await expect(callback(await sign(claims, other))).resolves.toHaveLength(2);
    });
  }
});

describe('an ID token is rejected', () => {
  it('when unsigned (alg none)', async () => {
    const token = unsigned(server.claims(), key.kid);
    await expectInvalid(callback(token), 'alg', token);
  });

  it('when its signature does not verify', async () => {
    const impostor = await makeKey('RS256', key.kid);
    const token = await sign(server.claims(), impostor);
    await expectInvalid(callback(token), 'signature', token);
  });

  it('when signed with HS256 using the public key as secret (algorithm confusion)', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(key.publicJWK));
    const { SignJWT } = await import('jose');
    const token = await new SignJWT(server.claims())
      .setProtectedHeader({ alg: 'HS256', kid: key.kid })
      .sign(secret);
    await expectInvalid(callback(token), 'alg', token);
  });

  it('when signed with an RSA key shorter than 2048 bits', async () => {
    // jose refuses to sign with such a key: sign with WebCrypto directly.
    const { privateKey, publicKey } = (await crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 1024,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    server.jwks = {
      keys: [
        {
          ...(await crypto.subtle.exportKey('jwk', publicKey)),
          kid: 'weak',
          key_ops: undefined,
          ext: undefined,
        },
      ],
    };
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const input = `${encode({ alg: 'RS256', kid: 'weak' })}.${encode(server.claims())}`;
    const signature = Buffer.from(
      await crypto.subtle.sign('RSASSA-PKCS1-v1_5', privateKey, Buffer.from(input)),
    );
    await expectInvalid(callback(`${input}.${signature.toString('base64url')}`), 'kid');
  });

  it('when the token is not a JWS at all', async () => {
    await expectInvalid(callback('a.b.c.d.e'), 'decrypt');
    await expectInvalid(callback('a.b.c.d'), 'malformed');
    await expectInvalid(callback('garbage'), 'malformed');
    await expectInvalid(callback('e30.e30.'), 'alg');
  });

  it('when iss is another issuer', async () => {
    await expectInvalid(callback(await sign(server.claims({ iss: 'https://evil.example' }), key)), 'iss');
  });

  it('when aud does not contain client_id', async () => {
    await expectInvalid(
      callback(await sign(server.claims({ aud: ['someone-else'], azp: undefined }), key)),
      'aud',
    );
  });

  it('when several audiences come with a foreign azp', async () => {
    await expectInvalid(
      callback(await sign(server.claims({ aud: [CLIENT_ID, 'other'], azp: 'other' }), key)),
      'azp',
    );
  });

  it('when several audiences come without azp', async () => {
    await expectInvalid(
      callback(await sign(server.claims({ aud: [CLIENT_ID, 'other'], azp: undefined }), key)),
      'azp',
    );
  });

  it('when azp is present and not client_id', async () => {
    await expectInvalid(callback(await sign(server.claims({ azp: 'other' }), key)), 'azp');
  });

  it('when expired beyond the clock tolerance', async () => {
    await expectInvalid(callback(await sign(server.claims({ exp: now() - 61 }), key)), 'exp');
  });

  it('when exp is missing', async () => {
    await expectInvalid(callback(await sign(server.claims({ exp: undefined }), key)), 'exp');
  });

  it('when expired beyond a custom clock tolerance of 0', async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID, clockToleranceSeconds: 0 });
    await expectInvalid(callback(await sign(server.claims({ exp: now() - 2 }), key), { fief }), 'exp');
  });

  it('when iat is missing', async () => {
    await expectInvalid(callback(await sign(server.claims({ iat: undefined }), key)), 'iat');
  });

  it('when iat is in the future beyond the clock tolerance', async () => {
    await expectInvalid(callback(await sign(server.claims({ iat: now() + 120 }), key)), 'iat');
  });

  it('when sub is missing', async () => {
    await expectInvalid(callback(await sign(server.claims({ sub: undefined }), key)), 'sub');
  });

  it('when the nonce differs from the one sent', async () => {
    await expectInvalid(
      callback(await sign(server.claims({ nonce: 'other' }), key), { nonce: 'sent' }),
      'nonce',
    );
  });

  it('when a nonce was sent and the token has none', async () => {
    await expectInvalid(callback(await sign(server.claims(), key), { nonce: 'sent' }), 'nonce');
  });

  it('when at_hash does not match the access token', async () => {
    await expectInvalid(
      callback(await sign(server.claims({ at_hash: halfHash('another token') }), key)),
      'at_hash',
    );
  });

  it('when c_hash does not match the code', async () => {
    await expectInvalid(
      callback(await sign(server.claims({ c_hash: halfHash('another code') }), key)),
      'c_hash',
    );
  });

  it('when it names a kid that is not in the JWKS, even after one refetch', async () => {
    const stranger = await makeKey('RS256', 'stranger');
    const token = await sign(server.claims(), stranger);
    await expectInvalid(callback(token), 'kid', token);
    expect(server.count('/.well-known/jwks.json')).toBe(2);
  });

  it('when it has no kid and the JWKS has several candidate keys', async () => {
    const second = await makeKey('RS256', 'second');
    server.jwks = { keys: [key.publicJWK, second.publicJWK] };
    await expectInvalid(callback(await sign(server.claims(), key, { kid: null })), 'kid');
  });

  it('when the only key with its kid is meant for encryption', async () => {
    server.jwks = { keys: [{ ...key.publicJWK, use: 'enc' }] };
    await expectInvalid(callback(await sign(server.claims(), key)), 'kid');
  });
});

describe('key rotation', () => {
  it('a token signed with a new key is accepted after exactly one JWKS refetch', async () => {
    const fief = newFief();
    await callback(await sign(server.claims(), key), { fief });
    expect(server.count('/.well-known/jwks.json')).toBe(1);

    const rotated = await makeKey('RS256', 'rotated');
    server.jwks = { keys: [rotated.publicJWK] };
    await expect(callback(await sign(server.claims(), rotated), { fief })).resolves.toHaveLength(2);
    expect(server.count('/.well-known/jwks.json')).toBe(2);

    // The new set is cached: no further request.
    await callback(await sign(server.claims(), rotated), { fief });
    expect(server.count('/.well-known/jwks.json')).toBe(2);
  });

  it('concurrent tokens with the same new kid share one refetch', async () => {
    const fief = newFief();
    await fief.getJWKS();
    const rotated = await makeKey('RS256', 'rotated-2');
    server.jwks = { keys: [rotated.publicJWK] };
    const idToken = await sign(server.claims(), rotated);
    const results = await Promise.all([1, 2, 3].map(() => callback(idToken, { fief })));
    expect(results.map(([, userinfo]) => userinfo.sub)).toEqual(['user-1', 'user-1', 'user-1']);
    expect(server.count('/.well-known/jwks.json')).toBe(2);
  });
});

describe('unknown kids', () => {
  it('a stream of tokens naming made-up keys makes one refetch, then none until the cooldown is over', async () => {
    const fief = newFief();
    await fief.getJWKS();
    for (const name of ['made-up-1', 'made-up-2', 'made-up-3', 'made-up-4']) {
      const stranger = await makeKey('RS256', name);
      await expectInvalid(callback(await sign(server.claims(), stranger), { fief }), 'kid');
    }
    expect(server.count('/.well-known/jwks.json')).toBe(2);

    // Past the cooldown, a rotated key is found again with one more refetch.
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + JWKS_REFETCH_COOLDOWN_MS);
    try {
      const rotated = await makeKey('RS256', 'rotated-3');
      server.jwks = { keys: [rotated.publicJWK] };
      await expect(callback(await sign(server.claims(), rotated), { fief })).resolves.toHaveLength(2);
      expect(server.count('/.well-known/jwks.json')).toBe(3);
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe('decodeIDToken', () => {
  it('validates against the given key set without any JWKS request', async () => {
    const fief = newFief();
    const idToken = await sign(server.claims({ nonce: 'n', at_hash: halfHash(ACCESS_TOKEN) }), key);
    const userinfo = await fief.decodeIDToken({
      idToken,
      jwks: { keys: [key.publicJWK] },
      accessToken: ACCESS_TOKEN,
      nonce: 'n',
    });
    expect(userinfo.sub).toBe('user-1');
    expect(server.count('/.well-known/jwks.json')).toBe(0);
  });

  it('rejects a token carrying at_hash when no access token is given', async () => {
    const idToken = await sign(server.claims({ at_hash: halfHash(ACCESS_TOKEN) }), key);
    await expectInvalid(newFief().decodeIDToken({ idToken, jwks: { keys: [key.publicJWK] } }), 'at_hash');
  });

  it('does not refetch for an unknown kid with an explicit key set', async () => {
    const idToken = await sign(server.claims(), key);
    await expectInvalid(newFief().decodeIDToken({ idToken, jwks: { keys: [] } }), 'kid');
    expect(server.count('/.well-known/jwks.json')).toBe(0);
  });
});
