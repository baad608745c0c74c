// What a user relies on: the message of a token validation error can be shown on a page or written to a log as it is.
// A token's claims are the server's text (a forged or foreign token: anyone's): in a message they are cut short and
// escaped by protocol/json.ts `describe()`, and kept raw only on the error's fields.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  Fief,
  FiefAccessTokenACRTooLow,
  FiefAccessTokenMissingPermission,
  FiefAccessTokenMissingScope,
} from '../../index.js';
import { CLIENT_ID, FakeFief, makeKey, type SigningKey, sign } from './fakeFief.js';
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
const token = (overrides: Record<string, unknown>) =>
  sign(
    {
      iss: server.url,
      sub: 'user-1',
      aud: [CLIENT_ID],
      iat: now(),
      exp: now() + 3600,
      acr: '0',
      scope: 'openid',
      permissions: [],
      ...overrides,
    },
    key,
  );
const rejection = async (promise: Promise<unknown>): Promise<unknown> => promise.catch((e: unknown) => e);

describe('access token errors about a hostile token', () => {
  it('a missing scope: the granted scopes are cut and escaped in the message', async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
    const error = await rejection(
      fief.validateAccessToken(await token({ scope: `openid ${hostile}` }), ['admin']),
    );
    expect(error).toBeInstanceOf(FiefAccessTokenMissingScope);
    expectSafe((error as Error).message);
    expect((error as FiefAccessTokenMissingScope).missingScopes).toEqual(['admin']);
  });

  it('a missing permission: the granted permissions are cut and escaped in the message', async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
    const error = await rejection(
      fief.validateAccessToken(await token({ permissions: [hostile] }), [], undefined, ['castles:delete']),
    );
    expect(error).toBeInstanceOf(FiefAccessTokenMissingPermission);
    expectSafe((error as Error).message);
  });

  it('an ACR too low: both levels are cut and escaped in the message, and kept raw on the fields', () => {
    const error = new FiefAccessTokenACRTooLow(hostile, hostile);
    expectSafe(error.message);
    expect(error).toMatchObject({ required: hostile, actual: hostile });
  });
});
