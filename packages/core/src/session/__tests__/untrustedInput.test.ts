import { describe, expect, it } from 'vitest';
import { parseOpenIDConfiguration } from '../../protocol/discovery.js';
import { FiefRequestError } from '../../protocol/errors.js';
import { Fief } from '../../protocol/fief.js';
import { FiefIdTokenInvalid } from '../../protocol/tokenErrors.js';
import type { FiefUserInfo } from '../../protocol/types.js';
import type { Session } from '../sessionStore.js';
import { refreshedSession } from '../sessionTokens.js';

const ISSUER = 'https://fief.example';
const discovery = (overrides: Record<string, unknown> = {}) => ({
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/api/token`,
  jwks_uri: `${ISSUER}/.well-known/jwks.json`,
  userinfo_endpoint: `${ISSUER}/userinfo`,
  ...overrides,
});

describe('a discovery document that points anywhere but the issuer', () => {
  it.each([
    ['token_endpoint', 'https://evil.example/token'],
    ['jwks_uri', 'https://evil.example/jwks'],
    ['authorization_endpoint', 'javascript:alert(1)//'],
    ['userinfo_endpoint', 'http://fief.example/userinfo'],
  ])('is refused when %s is %s', (member, url) => {
    expect(() => parseOpenIDConfiguration(discovery({ [member]: url }), ISSUER)).toThrow(FiefRequestError);
  });

  it('is accepted when every endpoint is on the issuer origin', () => {
    expect(parseOpenIDConfiguration(discovery(), `${ISSUER}/`).token_endpoint).toBe(`${ISSUER}/api/token`);
  });

  it('seeded from storage never replaces the document the client already holds', async () => {
    const fief = new Fief({ baseURL: ISSUER, clientId: 'spa', openIDConfiguration: discovery() });
    fief.setOpenIDConfiguration(discovery({ token_endpoint: `${ISSUER}/elsewhere` }));
    expect((await fief.getOpenIDConfiguration()).token_endpoint).toBe(`${ISSUER}/api/token`);

    const seeded = new Fief({
      baseURL: ISSUER,
      clientId: 'spa',
      fetch: () => Promise.reject(new Error('offline')),
    });
    seeded.setOpenIDConfiguration(discovery());
    seeded.setOpenIDConfiguration(discovery({ token_endpoint: `${ISSUER}/elsewhere` }));
    expect((await seeded.getOpenIDConfiguration()).token_endpoint).toBe(`${ISSUER}/api/token`);
  });

  it('seeded from storage with a foreign endpoint is ignored, and discovery is fetched instead', async () => {
    let fetched = 0;
    const fief = new Fief({
      baseURL: ISSUER,
      clientId: 'spa',
      fetch: async () => {
        fetched += 1;
        return new Response(JSON.stringify(discovery()), { headers: { 'Content-Type': 'application/json' } });
      },
    });
    fief.setOpenIDConfiguration(discovery({ token_endpoint: 'https://evil.example/token' }));
    expect((await fief.getOpenIDConfiguration()).token_endpoint).toBe(`${ISSUER}/api/token`);
    expect(fetched).toBe(1);
  });
});

describe('clockToleranceSeconds', () => {
  it.each([['60'], [Number.NaN], [-1], [Number.POSITIVE_INFINITY], [86_400]])(
    'refuses %s, which would switch the exp and iat checks off or stretch them beyond reason',
    (value) => {
      expect(
        () => new Fief({ baseURL: ISSUER, clientId: 'spa', clockToleranceSeconds: value as number }),
      ).toThrow(TypeError);
    },
  );

  it('accepts a number of seconds', () => {
    expect(() => new Fief({ baseURL: ISSUER, clientId: 'spa', clockToleranceSeconds: 0 })).not.toThrow();
  });
});

describe('a refresh whose ID token names another user', () => {
  it('is refused (OIDC Core 12.2)', async () => {
    const user = { sub: 'anne', email: 'anne@example.com', tenant_id: 't', fields: {} } as FiefUserInfo;
    const current = { userinfo: user, generation: 1, revision: 1 } as unknown as Session;
    const error = await refreshedSession(
      {} as Fief,
      current,
      { access_token: 'a', id_token: 'i', token_type: 'bearer', expires_in: 60 },
      { ...user, sub: 'mallory' },
      Date.now(),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FiefIdTokenInvalid);
    expect((error as FiefIdTokenInvalid).reason).toBe('sub');
  });
});
