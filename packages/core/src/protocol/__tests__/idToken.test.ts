import { describe, expect, it } from 'vitest';
import { Fief } from '../../index.js';
import { CLIENT_ID, halfHash, makeKey, sign, unsigned } from './fakeFief.js';
import {
  ACCESS_TOKEN,
  CODE,
  callback,
  expectInvalid,
  now,
  server,
  signing,
  useIdTokenServer,
} from './idTokenHarness.js';

useIdTokenServer();

describe('a valid ID token', () => {
  it('is accepted and its claims are the user info', async () => {
    const [tokens, userinfo] = await callback(await sign(server.claims({ nonce: 'n-1' }), signing.key), {
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
    await expect(callback(await sign(claims, signing.key))).resolves.toHaveLength(2);
  });

  it('is accepted without kid when the JWKS has a single key', async () => {
    await expect(callback(await sign(server.claims(), signing.key, { kid: null }))).resolves.toHaveLength(2);
  });

  it('with several audiences and azp = client_id is accepted', async () => {
    await expect(
      callback(await sign(server.claims({ aud: [CLIENT_ID, 'api'], azp: CLIENT_ID }), signing.key)),
    ).resolves.toHaveLength(2);
  });

  it('with an aud string equal to client_id and no azp is accepted', async () => {
    await expect(
      callback(await sign(server.claims({ aud: CLIENT_ID, azp: undefined }), signing.key)),
    ).resolves.toHaveLength(2);
  });

  it('expired less than the clock tolerance ago is accepted', async () => {
    await expect(callback(await sign(server.claims({ exp: now() - 30 }), signing.key))).resolves.toHaveLength(
      2,
    );
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
  it('when its claims nest thousands deep (storing them, or telling the other tabs, would throw)', async () => {
    // Signed as text: `JSON.stringify` itself cannot write such claims.
    const payload = JSON.stringify(server.claims({ fields: { x: 0 } })).replace(
      '"x":0',
      `"x":${'['.repeat(5_000)}${']'.repeat(5_000)}`,
    );
    const { CompactSign } = await import('jose');
    const token = await new CompactSign(new TextEncoder().encode(payload))
      .setProtectedHeader({ alg: signing.key.alg, kid: signing.key.kid })
      .sign(signing.key.privateKey);
    await expectInvalid(callback(token), 'malformed', token);
  });

  it('when unsigned (alg none)', async () => {
    const token = unsigned(server.claims(), signing.key.kid);
    await expectInvalid(callback(token), 'alg', token);
  });

  it('when its signature does not verify', async () => {
    const impostor = await makeKey('RS256', signing.key.kid);
    const token = await sign(server.claims(), impostor);
    await expectInvalid(callback(token), 'signature', token);
  });

  it('when signed with HS256 using the public key as secret (algorithm confusion)', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(signing.key.publicJWK));
    const { SignJWT } = await import('jose');
    const token = await new SignJWT(server.claims())
      .setProtectedHeader({ alg: 'HS256', kid: signing.key.kid })
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
    await expectInvalid(
      callback(await sign(server.claims({ iss: 'https://evil.example' }), signing.key)),
      'iss',
    );
  });

  it('when aud does not contain client_id', async () => {
    await expectInvalid(
      callback(await sign(server.claims({ aud: ['someone-else'], azp: undefined }), signing.key)),
      'aud',
    );
  });

  it('when several audiences come with a foreign azp', async () => {
    await expectInvalid(
      callback(await sign(server.claims({ aud: [CLIENT_ID, 'other'], azp: 'other' }), signing.key)),
      'azp',
    );
  });

  it('when several audiences come without azp', async () => {
    await expectInvalid(
      callback(await sign(server.claims({ aud: [CLIENT_ID, 'other'], azp: undefined }), signing.key)),
      'azp',
    );
  });

  it('when azp is present and not client_id', async () => {
    await expectInvalid(callback(await sign(server.claims({ azp: 'other' }), signing.key)), 'azp');
  });

  it('when expired beyond the clock tolerance', async () => {
    await expectInvalid(callback(await sign(server.claims({ exp: now() - 61 }), signing.key)), 'exp');
  });

  it('when exp is missing', async () => {
    await expectInvalid(callback(await sign(server.claims({ exp: undefined }), signing.key)), 'exp');
  });

  it('when expired beyond a custom clock tolerance of 0', async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID, clockToleranceSeconds: 0 });
    await expectInvalid(
      callback(await sign(server.claims({ exp: now() - 2 }), signing.key), { fief }),
      'exp',
    );
  });

  it('when iat is missing', async () => {
    await expectInvalid(callback(await sign(server.claims({ iat: undefined }), signing.key)), 'iat');
  });

  it('when iat is in the future beyond the clock tolerance', async () => {
    await expectInvalid(callback(await sign(server.claims({ iat: now() + 120 }), signing.key)), 'iat');
  });

  it('when sub is missing', async () => {
    await expectInvalid(callback(await sign(server.claims({ sub: undefined }), signing.key)), 'sub');
  });

  it('when the nonce differs from the one sent', async () => {
    await expectInvalid(
      callback(await sign(server.claims({ nonce: 'other' }), signing.key), { nonce: 'sent' }),
      'nonce',
    );
  });

  it('when a nonce was sent and the token has none', async () => {
    await expectInvalid(callback(await sign(server.claims(), signing.key), { nonce: 'sent' }), 'nonce');
  });

  it('when at_hash does not match the access token', async () => {
    await expectInvalid(
      callback(await sign(server.claims({ at_hash: halfHash('another token') }), signing.key)),
      'at_hash',
    );
  });

  it('when c_hash does not match the code', async () => {
    await expectInvalid(
      callback(await sign(server.claims({ c_hash: halfHash('another code') }), signing.key)),
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
    server.jwks = { keys: [signing.key.publicJWK, second.publicJWK] };
    await expectInvalid(callback(await sign(server.claims(), signing.key, { kid: null })), 'kid');
  });

  it('when the only key with its kid is meant for encryption', async () => {
    server.jwks = { keys: [{ ...signing.key.publicJWK, use: 'enc' }] };
    await expectInvalid(callback(await sign(server.claims(), signing.key)), 'kid');
  });
});
