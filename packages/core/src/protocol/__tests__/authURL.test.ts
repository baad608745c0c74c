import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fief } from '../../index.js';
import { CLIENT_ID, FakeFief } from './fakeFief.js';

const server = new FakeFief();
beforeAll(async () => {
  await server.start();
});
afterAll(() => server.close());

const REDIRECT_URI = 'http://127.0.0.1:5173/callback';
const NAMED = [
  'response_type',
  'client_id',
  'redirect_uri',
  'state',
  'scope',
  'code_challenge',
  'code_challenge_method',
  'nonce',
  'lang',
];

const fief = () =>
  new Fief({ baseURL: server.url, clientId: CLIENT_ID, openIDConfiguration: server.discovery() });

/** The parameters of a URL as name -> all values. */
function parameters(url: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [name, value] of new URL(url).searchParams) map.set(name, [...(map.get(name) ?? []), value]);
  return map;
}

describe('getAuthURL', () => {
  it('builds the authorization request with each parameter once', async () => {
    const url = await fief().getAuthURL({
      redirectURI: REDIRECT_URI,
      state: 'st',
      scope: ['openid', 'offline_access'],
      codeChallenge: 'ch',
      codeChallengeMethod: 'S256',
      nonce: 'no',
      lang: 'fr',
      extrasParams: { screen: 'register' },
    });
    expect(url.startsWith(`${server.url}/authorize?`)).toBe(true);
    expect(Object.fromEntries(parameters(url))).toEqual({
      response_type: ['code'],
      client_id: [CLIENT_ID],
      redirect_uri: [REDIRECT_URI],
      state: ['st'],
      scope: ['openid offline_access'],
      code_challenge: ['ch'],
      code_challenge_method: ['S256'],
      nonce: ['no'],
      lang: ['fr'],
      screen: ['register'],
    });
  });

  it('sends lang and extrasParams without state', async () => {
    const url = await fief().getAuthURL({
      redirectURI: REDIRECT_URI,
      lang: 'pt-PT',
      extrasParams: { prompt: 'login' },
    });
    const params = new URL(url).searchParams;
    expect(params.has('state')).toBe(false);
    expect(params.get('lang')).toBe('pt-PT');
    expect(params.get('prompt')).toBe('login');
  });

  it('refuses extrasParams that repeat a parameter it sets', async () => {
    await expect(
      fief().getAuthURL({ redirectURI: REDIRECT_URI, state: 'a', extrasParams: { state: 'b' } }),
    ).rejects.toThrow(TypeError);
    await expect(
      fief().getAuthURL({ redirectURI: REDIRECT_URI, extrasParams: { client_id: 'other' } }),
    ).rejects.toThrow(TypeError);
  });

  it('refuses a scope value with whitespace, which would not survive the space-separated list', async () => {
    await expect(fief().getAuthURL({ redirectURI: REDIRECT_URI, scope: ['openid profile'] })).rejects.toThrow(
      TypeError,
    );
  });

  it('takes a space-separated scope string, the form OAuth sends, as the scopes it names', async () => {
    // A JavaScript caller may well write it; it threw "scope.some is not a function".
    const scopeOf = async (scope: string) =>
      new URL(await fief().getAuthURL({ redirectURI: REDIRECT_URI, scope })).searchParams.getAll('scope');
    expect(await scopeOf('openid offline_access')).toEqual(['openid offline_access']);
    expect(await scopeOf(' openid\t email  ')).toEqual(['openid email']);
    expect(await scopeOf('')).toEqual([]);
  });

  it('any state, scope, lang, nonce and extrasParams round-trip exactly (property)', async () => {
    const client = fief();
    const scopeToken = fc.string({ minLength: 1, unit: 'grapheme' }).filter((s) => !/\s/.test(s));
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            state: fc.string({ unit: 'grapheme' }),
            scope: fc.array(scopeToken, { minLength: 1, maxLength: 5 }),
            lang: fc.string({ unit: 'grapheme' }),
            nonce: fc.string(),
            extrasParams: fc.dictionary(
              fc.string({ minLength: 1, unit: 'grapheme' }).filter((name) => !NAMED.includes(name)),
              fc.string({ unit: 'grapheme' }),
            ),
          },
          { requiredKeys: [] },
        ),
        async (input) => {
          const url = await client.getAuthURL({ redirectURI: REDIRECT_URI, ...input });
          const params = parameters(url);
          for (const values of params.values()) expect(values).toHaveLength(1);
          const get = (name: string) => params.get(name)?.[0];
          expect(get('state')).toBe(input.state);
          expect(get('scope')?.split(' ')).toEqual(input.scope);
          expect(get('lang')).toBe(input.lang);
          expect(get('nonce')).toBe(input.nonce);
          for (const [name, value] of Object.entries(input.extrasParams ?? {})) expect(get(name)).toBe(value);
          const expectedNames = new Set([
            'response_type',
            'client_id',
            'redirect_uri',
            ...Object.keys(input).filter((name) => name !== 'extrasParams'),
            ...Object.keys(input.extrasParams ?? {}),
          ]);
          expect(new Set(params.keys())).toEqual(expectedNames);
          expect(get('client_id')).toBe(CLIENT_ID);
          expect(get('redirect_uri')).toBe(REDIRECT_URI);
        },
      ),
      { numRuns: 300 },
    );
  });
});
