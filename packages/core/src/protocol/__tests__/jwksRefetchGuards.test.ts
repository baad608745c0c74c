/**
 * What the held key set (`jwkSelection.ts`) must not cost: a key a successful refetch removed is refused by every
 * user of the `Fief` (access tokens and ID tokens share one cache), a malformed JWKS answer after a good one keeps the
 * held set, and strangers' tokens during an outage send Fief one request at a time, not one each.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Fief, FiefAccessTokenInvalid, FiefIdTokenInvalid, FiefRequestError } from '../../index.js';
import { CLIENT_ID, FakeFief, makeKey, type SigningKey, sign } from './fakeFief.js';

const server = new FakeFief();
let removed: SigningKey;
let rotated: SigningKey;

beforeAll(async () => {
  await server.start();
  removed = await makeKey('RS256', 'removed-key');
  rotated = await makeKey('RS256', 'rotated-key');
});
afterAll(() => server.close());
beforeEach(() => server.reset([removed]));

const newFief = () => new Fief({ baseURL: server.url, clientId: CLIENT_ID });

describe('a key a successful refetch removed', () => {
  it('is refused by validateAccessToken and by the ID token check of the same Fief', async () => {
    const fief = newFief();
    await fief.validateAccessToken(await sign(server.accessClaims(), removed));
    server.jwks = { keys: [rotated.publicJWK] }; // Fief rotated the key out
    await fief.validateAccessToken(await sign(server.accessClaims(), rotated));

    await expect(fief.validateAccessToken(await sign(server.accessClaims(), removed))).rejects.toBeInstanceOf(
      FiefAccessTokenInvalid,
    );
    server.tokens = {
      access_token: 'a',
      id_token: await sign(server.claims(), removed),
      token_type: 'bearer',
      expires_in: 3600,
    };
    await expect(fief.authCallback('code', 'http://127.0.0.1/cb', 'verifier')).rejects.toBeInstanceOf(
      FiefIdTokenInvalid,
    );
  });
});

describe('a malformed JWKS answer after a good one', () => {
  it.each([
    ['keys not an array', JSON.stringify({ keys: { removed: 1 } })],
    ['an HTML page', '<html>maintenance</html>'],
  ])('%s keeps the held set', async (_name, body) => {
    const fief = newFief();
    const valid = await sign(server.accessClaims(), removed);
    await fief.validateAccessToken(valid);
    server.jwksAnswer = { body };
    await expect(fief.validateAccessToken(await sign(server.accessClaims(), rotated))).rejects.toBeInstanceOf(
      FiefRequestError,
    );
    await expect(fief.validateAccessToken(valid)).resolves.toMatchObject({ id: 'user-1' });
  });
});

describe("strangers' tokens while Fief stalls", () => {
  it('share one JWKS refetch', async () => {
    const fief = newFief();
    await fief.validateAccessToken(await sign(server.accessClaims(), removed));
    const before = server.count('/.well-known/jwks.json');
    server.jwksAnswer = { body: '{"keys":', stallAfter: 3 };
    const strangers = await Promise.all(
      ['x1', 'x2', 'x3', 'x4'].map(async (kid) => sign(server.accessClaims(), await makeKey('RS256', kid))),
    );
    // Left pending: afterAll's close ends the stalled answer, and the checks then fail (caught).
    for (const token of strangers) fief.validateAccessToken(token).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.count('/.well-known/jwks.json')).toBe(before + 1);
  });
});
