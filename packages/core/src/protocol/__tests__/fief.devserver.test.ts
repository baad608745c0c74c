/**
 * Every method of `Fief` against the real dev server (an oidc-provider shaped like Fief), through real logins.
 */
import { DEMO_CLIENT, DEMO_USER, type DevServer, LoginAgent, startDevServer } from '@fief-spa/dev-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Fief,
  FiefACR,
  FiefAccessTokenACRTooLow,
  type FiefParameters,
  FiefRequestError,
  generateCodeVerifier,
  generateNonce,
  generateState,
  getCodeChallenge,
} from '../../index.js';

const REDIRECT_URI = 'http://127.0.0.1:5173/callback';
const LOGOUT_REDIRECT_URI = 'http://127.0.0.1:5173/';
const SECRET = 'a-confidential-secret';

let server: DevServer;

const user = (email: string) => ({ ...DEMO_USER, email });

beforeAll(async () => {
  server = await startDevServer({
    logger: () => {},
    users: [
      DEMO_USER,
      user('refresh@example.com'),
      user('password@example.com'),
      user('email@example.com'),
      user('acr@example.com'),
    ],
    clients: [
      DEMO_CLIENT,
      {
        clientId: 'confidential-basic',
        clientSecret: SECRET,
        redirectURIs: [REDIRECT_URI],
        tokenEndpointAuthMethod: 'client_secret_basic',
      },
      {
        clientId: 'confidential-post',
        clientSecret: SECRET,
        redirectURIs: [REDIRECT_URI],
        tokenEndpointAuthMethod: 'client_secret_post',
      },
    ],
  });
});
afterAll(() => server?.close());

const newFief = (options: Partial<FiefParameters> = {}) =>
  new Fief({ baseURL: server.url, clientId: DEMO_CLIENT.clientId, ...options });

/** A whole browser login: authorization URL, login form, callback, code exchange with PKCE, state and nonce. */
async function login(
  fief: Fief,
  options: {
    email?: string;
    password?: string;
    agent?: LoginAgent;
    extrasParams?: Record<string, string>;
  } = {},
) {
  const verifier = generateCodeVerifier();
  const state = generateState();
  const nonce = generateNonce();
  const authURL = await fief.getAuthURL({
    redirectURI: REDIRECT_URI,
    scope: ['openid', 'offline_access'],
    state,
    nonce,
    codeChallenge: await getCodeChallenge(verifier, 'S256'),
    codeChallengeMethod: 'S256',
    lang: 'en',
    ...(options.extrasParams ? { extrasParams: options.extrasParams } : {}),
  });
  const agent = options.agent ?? new LoginAgent();
  const callback = new URL(
    await agent.login(authURL, {
      email: options.email ?? DEMO_USER.email,
      password: options.password ?? DEMO_USER.password,
    }),
  );
  expect(callback.searchParams.get('state')).toBe(state);
  const code = callback.searchParams.get('code');
  expect(code).toBeTruthy();
  const [tokens, userinfo] = await fief.authCallback(code!, REDIRECT_URI, verifier, undefined, { nonce });
  return { tokens, userinfo, agent };
}

/** An authorization code for DEMO_USER, obtained with the challenge of `verifier` (no state, no nonce). */
async function authorizationCode(fief: Fief, verifier: string): Promise<string> {
  const authURL = await fief.getAuthURL({
    redirectURI: REDIRECT_URI,
    scope: ['openid'],
    codeChallenge: await getCodeChallenge(verifier),
    codeChallengeMethod: 'S256',
  });
  return new URL(await new LoginAgent().login(authURL, DEMO_USER)).searchParams.get('code')!;
}

describe('Fief against the dev server', () => {
  it('discovers the server, whose issuer is its base URL', async () => {
    const config = await newFief().getOpenIDConfiguration();
    expect(config.issuer).toBe(server.url);
    expect((await newFief({ baseURL: `${server.url}/` }).getOpenIDConfiguration()).issuer).toBe(server.url);
    expect((await newFief().getJWKS()).keys.length).toBeGreaterThan(0);
  });

  it('signs in with PKCE, state and nonce and returns the validated ID token claims', async () => {
    const { tokens, userinfo } = await login(newFief());
    expect(tokens).toMatchObject({
      token_type: expect.stringMatching(/^bearer$/i),
      expires_in: expect.any(Number),
    });
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(userinfo).toMatchObject({
      email: DEMO_USER.email,
      fields: DEMO_USER.fields,
      sub: expect.any(String),
      tenant_id: expect.any(String),
    });
  });

  it('the callback page with a stored discovery document makes the token and JWKS requests only', async () => {
    const stored = JSON.parse(JSON.stringify(await newFief().getOpenIDConfiguration()));
    const verifier = generateCodeVerifier();
    const code = await authorizationCode(newFief(), verifier);

    const callbackFief = newFief();
    callbackFief.setOpenIDConfiguration(stored);
    server.clearRequests();
    await callbackFief.authCallback(code, REDIRECT_URI, verifier);
    const paths = server.requests.map((request) => request.path);
    expect(paths).toHaveLength(2);
    expect(paths).toContain(new URL(stored.token_endpoint).pathname);
    expect(paths).toContain(new URL(stored.jwks_uri).pathname);
  });

  it('a fresh login gives an access token of ACR 1 with scopes and permissions', async () => {
    const fief = newFief();
    const { tokens, userinfo } = await login(fief);
    const info = await fief.validateAccessToken(
      tokens.access_token,
      ['openid', 'offline_access'],
      FiefACR.LEVEL_ONE,
      ['castles:read'],
    );
    expect(info).toMatchObject({ id: userinfo.sub, acr: '1', access_token: tokens.access_token });
    expect(info.scope).toEqual(expect.arrayContaining(['openid', 'offline_access']));
    expect(info.permissions).toEqual(expect.arrayContaining(DEMO_USER.permissions ?? []));
  });

  it('a session resumed from the cookie gives ACR 0, refused where ACR 1 is required', async () => {
    const fief = newFief();
    const first = await login(fief, { email: 'acr@example.com' });
    const resumed = await login(fief, { email: 'acr@example.com', agent: first.agent });
    const info = await fief.validateAccessToken(resumed.tokens.access_token);
    expect(info.acr).toBe(FiefACR.LEVEL_ZERO);
    await expect(
      fief.validateAccessToken(resumed.tokens.access_token, undefined, FiefACR.LEVEL_ONE),
    ).rejects.toBeInstanceOf(FiefAccessTokenACRTooLow);
    const error = await fief
      .changePassword(resumed.tokens.access_token, 'another password')
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(FiefRequestError);
    expect(error).toMatchObject({ status: 403, error: 'ACR_TOO_LOW' }); // Fief's { "detail": "ACR_TOO_LOW" }
  });

  it('refreshes: a new refresh token each time, and the spent one is refused with invalid_grant', async () => {
    const fief = newFief();
    const { tokens, userinfo } = await login(fief, { email: 'refresh@example.com' });
    const [refreshed, refreshedUser] = await fief.authRefreshToken(tokens.refresh_token!);
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshedUser.sub).toBe(userinfo.sub);
    await expect(fief.validateAccessToken(refreshed.access_token)).resolves.toMatchObject({
      id: userinfo.sub,
    });

    const [again] = await fief.authRefreshToken(refreshed.refresh_token!, ['openid', 'offline_access']);
    expect(again.refresh_token).not.toBe(refreshed.refresh_token);

    const error = await fief.authRefreshToken(tokens.refresh_token!).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(FiefRequestError);
    expect((error as FiefRequestError).error).toBe('invalid_grant');
  });

  it('userinfo returns the user', async () => {
    const fief = newFief();
    const { tokens, userinfo } = await login(fief);
    await expect(fief.userinfo(tokens.access_token)).resolves.toMatchObject({
      sub: userinfo.sub,
      email: DEMO_USER.email,
    });
  });

  it('updateProfile changes custom fields', async () => {
    const fief = newFief();
    const { tokens } = await login(fief, { email: 'refresh@example.com' });
    const updated = await fief.updateProfile(tokens.access_token, { fields: { first_name: 'Mary' } });
    expect(updated.fields).toMatchObject({ first_name: 'Mary' });
    await expect(fief.userinfo(tokens.access_token)).resolves.toMatchObject({
      fields: { first_name: 'Mary' },
    });
  });

  it('changePassword after a fresh login: the new password signs in, the old one does not', async () => {
    const fief = newFief();
    const { tokens } = await login(fief, { email: 'password@example.com' });
    await expect(fief.changePassword(tokens.access_token, 'a brand new password')).resolves.toMatchObject({
      email: 'password@example.com',
    });
    await expect(
      login(fief, { email: 'password@example.com', password: 'a brand new password' }),
    ).resolves.toBeDefined();
    await expect(login(fief, { email: 'password@example.com' })).rejects.toThrow();
  });

  it('emailChange then emailVerify with the code sent to the new address', async () => {
    const fief = newFief();
    const { tokens } = await login(fief, { email: 'email@example.com' });
    await fief.emailChange(tokens.access_token, 'changed@example.com');
    const code = server.getEmailVerificationCode('changed@example.com');
    expect(code).toEqual(expect.any(String));
    const verified = await fief.emailVerify(tokens.access_token, code!);
    expect(verified.email).toBe('changed@example.com');
    await expect(fief.userinfo(tokens.access_token)).resolves.toMatchObject({ email: 'changed@example.com' });
  });

  it('emailVerify with a wrong code is a FiefRequestError', async () => {
    const fief = newFief();
    const { tokens } = await login(fief);
    await expect(fief.emailVerify(tokens.access_token, 'WRONG')).rejects.toBeInstanceOf(FiefRequestError);
  });

  it('decodeIDToken validates a refreshed ID token with the key set from getJWKS', async () => {
    const fief = newFief();
    const { tokens, userinfo } = await login(fief, { email: 'refresh@example.com' });
    const [refreshed] = await fief.authRefreshToken(tokens.refresh_token!);
    const jwks = await fief.getJWKS();
    const decoded = await fief.decodeIDToken({
      idToken: refreshed.id_token,
      jwks,
      accessToken: refreshed.access_token,
    });
    expect(decoded.sub).toBe(userinfo.sub);
    // The first ID token carries c_hash: without the code it cannot be checked, so it is refused.
    await expect(
      fief.decodeIDToken({ idToken: tokens.id_token, jwks, accessToken: tokens.access_token }),
    ).rejects.toMatchObject({
      reason: 'c_hash',
    });
  });

  it('a code used twice is refused with invalid_grant', async () => {
    const fief = newFief();
    const verifier = generateCodeVerifier();
    const code = await authorizationCode(fief, verifier);
    await fief.authCallback(code, REDIRECT_URI, verifier);
    await expect(fief.authCallback(code, REDIRECT_URI, verifier)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('a wrong PKCE verifier is refused', async () => {
    const fief = newFief();
    const code = await authorizationCode(fief, generateCodeVerifier());
    await expect(fief.authCallback(code, REDIRECT_URI, generateCodeVerifier())).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  for (const clientId of ['confidential-basic', 'confidential-post']) {
    it(`a confidential client (${clientId}) authenticates as discovery allows`, async () => {
      const fief = newFief({ clientId, clientSecret: SECRET });
      const { tokens } = await login(fief);
      await expect(fief.validateAccessToken(tokens.access_token)).resolves.toMatchObject({ acr: '1' });
      await expect(fief.authRefreshToken(tokens.refresh_token!)).resolves.toHaveLength(2);
    });
  }

  it('getLogoutURL ends the server session and comes back to the redirect URI', async () => {
    const fief = newFief();
    const { agent } = await login(fief);
    const logoutURL = await fief.getLogoutURL({ redirectURI: LOGOUT_REDIRECT_URI });
    expect(logoutURL).toBe(`${server.url}/logout?redirect_uri=${encodeURIComponent(LOGOUT_REDIRECT_URI)}`);
    expect(await agent.follow(logoutURL)).toBe(LOGOUT_REDIRECT_URI);
    // The session is gone: the next login asks for credentials again (ACR 1).
    const again = await login(fief, { agent });
    await expect(fief.validateAccessToken(again.tokens.access_token)).resolves.toMatchObject({ acr: '1' });
  });
});
