import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  Fief,
  FiefACR,
  FiefAccessTokenACRTooLow,
  FiefAccessTokenExpired,
  FiefAccessTokenInvalid,
  FiefAccessTokenMissingPermission,
  FiefAccessTokenMissingScope,
} from '../../index.js';
import { CLIENT_ID, FakeFief, makeKey, type SigningKey, sign, unsigned } from './fakeFief.js';
import { expectSafe, hostile } from './hostileText.js';

const server = new FakeFief();
let key: SigningKey;

beforeAll(async () => {
  await server.start();
  key = await makeKey('RS256', 'at-key');
});
afterAll(() => server.close());
beforeEach(() => server.reset([key]));

const now = () => Math.floor(Date.now() / 1000);
const newFief = () => new Fief({ baseURL: server.url, clientId: CLIENT_ID });
/** Access token claims as Fief issues them. */
const claims = (overrides: Record<string, unknown> = {}) => ({
  iss: server.url,
  sub: 'user-1',
  aud: [CLIENT_ID],
  azp: CLIENT_ID,
  iat: now(),
  exp: now() + 3600,
  acr: '0',
  scope: 'openid offline_access',
  permissions: ['castles:read'],
  ...overrides,
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected a rejection'),
    (err: unknown) => err,
  );
}

describe('validateAccessToken', () => {
  it('returns what a valid token grants', async () => {
    const token = await sign(claims(), key);
    await expect(
      newFief().validateAccessToken(token, ['openid'], FiefACR.LEVEL_ZERO, ['castles:read']),
    ).resolves.toEqual({
      id: 'user-1',
      scope: ['openid', 'offline_access'],
      acr: '0',
      permissions: ['castles:read'],
      access_token: token,
    });
  });

  it('accepts ACR 1 when ACR 0 is required ("0" < "1")', async () => {
    const info = await newFief().validateAccessToken(
      await sign(claims({ acr: '1' }), key),
      undefined,
      FiefACR.LEVEL_ZERO,
    );
    expect(info.acr).toBe(FiefACR.LEVEL_ONE);
  });

  it('rejects an expired token with FiefAccessTokenExpired', async () => {
    const error = await rejection(
      newFief().validateAccessToken(await sign(claims({ exp: now() - 120 }), key)),
    );
    expect(error).toBeInstanceOf(FiefAccessTokenExpired);
  });

  it('rejects a missing scope and says which', async () => {
    const error = await rejection(
      newFief().validateAccessToken(await sign(claims(), key), ['openid', 'admin', 'write']),
    );
    expect(error).toBeInstanceOf(FiefAccessTokenMissingScope);
    expect((error as FiefAccessTokenMissingScope).missingScopes).toEqual(['admin', 'write']);
  });

  it('rejects an ACR below the required one with both levels', async () => {
    const error = await rejection(
      newFief().validateAccessToken(await sign(claims(), key), undefined, FiefACR.LEVEL_ONE),
    );
    expect(error).toBeInstanceOf(FiefAccessTokenACRTooLow);
    expect(error).toMatchObject({ required: '1', actual: '0', code: 'ERR_FIEF_ACCESS_TOKEN_ACR_TOO_LOW' });
  });

  it('rejects a missing permission and says which', async () => {
    const error = await rejection(
      newFief().validateAccessToken(await sign(claims(), key), [], undefined, ['castles:delete']),
    );
    expect(error).toBeInstanceOf(FiefAccessTokenMissingPermission);
    expect((error as FiefAccessTokenMissingPermission).missingPermissions).toEqual(['castles:delete']);
  });

  const invalid: [string, () => Promise<string>, string][] = [
    ['unsigned (alg none)', async () => unsigned(claims(), key.kid), 'alg'],
    ['signed by another key', async () => sign(claims(), await makeKey('RS256', key.kid)), 'signature'],
    ['from another issuer', async () => sign(claims({ iss: 'https://evil.example' }), key), 'iss'],
    ['without scope', async () => sign(claims({ scope: undefined }), key), 'scope'],
    ['with an unknown acr', async () => sign(claims({ acr: '2' }), key), 'acr'],
    ['without permissions', async () => sign(claims({ permissions: undefined }), key), 'permissions'],
    ['without sub', async () => sign(claims({ sub: undefined }), key), 'sub'],
    [
      'issued to another client',
      async () => sign(claims({ aud: ['another-client'], azp: 'another-client' }), key),
      'aud',
    ],
    ['without aud', async () => sign(claims({ aud: undefined }), key), 'aud'],
    ['not valid before a time to come (nbf)', async () => sign(claims({ nbf: now() + 3600 }), key), 'nbf'],
    ['issued in the future (iat)', async () => sign(claims({ iat: now() + 3600 }), key), 'iat'],
    ['without iat', async () => sign(claims({ iat: undefined }), key), 'iat'],
    ['not a JWT', async () => 'opaque-token', 'malformed'],
  ];
  for (const [name, make, reason] of invalid) {
    it(`rejects a token ${name} with FiefAccessTokenInvalid (${reason})`, async () => {
      const token = await make();
      const error = await rejection(newFief().validateAccessToken(token));
      expect(error).toBeInstanceOf(FiefAccessTokenInvalid);
      expect((error as FiefAccessTokenInvalid).reason).toBe(reason);
      expect((error as Error).message).not.toContain(token);
    });
  }

  it('accepts a token issued to another client only when the API lists that audience', async () => {
    const token = await sign(claims({ aud: ['mobile-app'], azp: 'mobile-app' }), key);
    const info = await newFief().validateAccessToken(token, undefined, undefined, undefined, {
      audience: [CLIENT_ID, 'mobile-app'],
    });
    expect(info.id).toBe('user-1');
  });

  it('accepts nbf and iat a little ahead of the clock, within the tolerance', async () => {
    const token = await sign(claims({ nbf: now() + 30, iat: now() + 30 }), key);
    await expect(newFief().validateAccessToken(token)).resolves.toMatchObject({ id: 'user-1' });
  });

  it('refuses an unknown required ACR level as a programming error', async () => {
    await expect(
      newFief().validateAccessToken(await sign(claims(), key), undefined, '2' as FiefACR),
    ).rejects.toThrow(TypeError);
  });
});

// What a user relies on: a validation error's message can be shown or logged as it is. A token's claims are anyone's
// text (a forged or foreign token): in a message they are cut and escaped (json.ts `describe()`), raw on the fields.
describe('access token errors about a hostile token', () => {
  it('a missing scope: the granted scopes are cut and escaped in the message', async () => {
    const token = await sign(claims({ scope: `openid ${hostile}` }), key);
    const error = await rejection(newFief().validateAccessToken(token, ['admin']));
    expect(error).toBeInstanceOf(FiefAccessTokenMissingScope);
    expectSafe((error as Error).message);
    expect((error as FiefAccessTokenMissingScope).missingScopes).toEqual(['admin']);
  });

  it('a missing permission: the granted permissions are cut and escaped in the message', async () => {
    const token = await sign(claims({ permissions: [hostile] }), key);
    const error = await rejection(newFief().validateAccessToken(token, [], undefined, ['castles:delete']));
    expect(error).toBeInstanceOf(FiefAccessTokenMissingPermission);
    expectSafe((error as Error).message);
  });

  it('an ACR too low: both levels are cut and escaped in the message, and kept raw on the fields', () => {
    const error = new FiefAccessTokenACRTooLow(hostile, hostile);
    expectSafe(error.message);
    expect(error).toMatchObject({ required: hostile, actual: hostile });
  });
});
