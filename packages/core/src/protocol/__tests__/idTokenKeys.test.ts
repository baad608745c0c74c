import { describe, expect, it, vi } from 'vitest';
import { JWKS_REFETCH_COOLDOWN_MS } from '../jwkSelection.js';
import { halfHash, makeKey, sign } from './fakeFief.js';
import {
  ACCESS_TOKEN,
  callback,
  expectInvalid,
  newFief,
  server,
  signing,
  useIdTokenServer,
} from './idTokenHarness.js';

useIdTokenServer();

describe('key rotation', () => {
  it('a token signed with a new key is accepted after exactly one JWKS refetch', async () => {
    const fief = newFief();
    await callback(await sign(server.claims(), signing.key), { fief });
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

    // Past the cooldown, a rotated signing.key is found again with one more refetch.
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
    const idToken = await sign(server.claims({ nonce: 'n', at_hash: halfHash(ACCESS_TOKEN) }), signing.key);
    const userinfo = await fief.decodeIDToken({
      idToken,
      jwks: { keys: [signing.key.publicJWK] },
      accessToken: ACCESS_TOKEN,
      nonce: 'n',
    });
    expect(userinfo.sub).toBe('user-1');
    expect(server.count('/.well-known/jwks.json')).toBe(0);
  });

  it('rejects a token carrying at_hash when no access token is given', async () => {
    const idToken = await sign(server.claims({ at_hash: halfHash(ACCESS_TOKEN) }), signing.key);
    await expectInvalid(
      newFief().decodeIDToken({ idToken, jwks: { keys: [signing.key.publicJWK] } }),
      'at_hash',
    );
  });

  it('does not refetch for an unknown kid with an explicit key set', async () => {
    const idToken = await sign(server.claims(), signing.key);
    await expectInvalid(newFief().decodeIDToken({ idToken, jwks: { keys: [] } }), 'kid');
    expect(server.count('/.well-known/jwks.json')).toBe(0);
  });
});
