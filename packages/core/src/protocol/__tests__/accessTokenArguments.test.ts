/**
 * `validateAccessToken`'s arguments come from an API's own configuration, often read from the environment by code
 * the type checker never saw. A wrong shape is a programming error, told at once: never a check that quietly means
 * something else (a string's `includes` matches any part of it, so an audience given as a string accepted tokens
 * issued to any client whose id is a part of it, `''` included).
 */

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Fief } from '../../index.js';
import { CLIENT_ID, FakeFief, makeKey, type SigningKey, sign } from './fakeFief.js';

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
/** An access token as Fief issues it to the client `audience`. */
const tokenFor = (audience: string) =>
  sign(
    {
      iss: server.url,
      sub: 'user-1',
      aud: [audience],
      azp: audience,
      iat: now(),
      exp: now() + 3600,
      acr: '0',
      scope: 'openid',
      permissions: ['castles:read'],
    },
    key,
  );

/** What a JavaScript caller (or a value typed `any`) may pass where the types say `string[]`. */
const untyped = (value: unknown) => value as string[];

describe('validateAccessToken refuses arguments of the wrong shape', () => {
  it('an audience given as a string accepts no token issued to a client whose id is part of it', async () => {
    const token = await tokenFor('client');
    const validation = newFief().validateAccessToken(token, undefined, undefined, undefined, {
      audience: untyped('web-client-id'),
    });
    await expect(validation).rejects.toThrow(TypeError);
    await expect(validation).rejects.toThrow(/audience/);
  });

  it('an audience given as a string accepts no token whose aud is empty', async () => {
    const token = await tokenFor('');
    await expect(
      newFief().validateAccessToken(token, undefined, undefined, undefined, { audience: untyped(CLIENT_ID) }),
    ).rejects.toThrow(TypeError);
  });

  it.each([
    ['no audience at all', []],
    ['an empty audience', ['']],
    ['an audience that is not a string', [CLIENT_ID, 42]],
  ])('%s is refused, not a check that refuses every token', async (_, audience) => {
    const token = await tokenFor(CLIENT_ID);
    await expect(
      newFief().validateAccessToken(token, undefined, undefined, undefined, { audience: untyped(audience) }),
    ).rejects.toThrow(/expected audience to be/);
  });

  it('required scopes given as a string are refused by name', async () => {
    const token = await tokenFor(CLIENT_ID);
    await expect(newFief().validateAccessToken(token, untyped('openid'))).rejects.toThrow(
      /expected requiredScopes to be an array of strings/,
    );
  });

  it('required permissions given as a string are refused by name', async () => {
    const token = await tokenFor(CLIENT_ID);
    await expect(
      newFief().validateAccessToken(token, undefined, undefined, untyped('castles:read')),
    ).rejects.toThrow(/expected requiredPermissions to be an array of strings/);
  });

  it('the default audience and well-formed arguments still validate', async () => {
    const token = await tokenFor(CLIENT_ID);
    await expect(
      newFief().validateAccessToken(token, ['openid'], undefined, ['castles:read'], {
        audience: [CLIENT_ID],
      }),
    ).resolves.toMatchObject({ id: 'user-1' });
  });
});
