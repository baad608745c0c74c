import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginAgent, LoginAgentError } from '../loginAgent.js';
import type { DevServer } from '../server.js';
import {
  authorizationURL,
  DEMO_USER,
  exchangeCode,
  loginAndExchange,
  pkce,
  REDIRECT_URI,
  startQuietServer,
} from './helpers.js';

/** Opens the login page as a browser would: follow the redirect to /interaction with the interaction cookie. */
async function getHTML(url: string): Promise<string> {
  const authorize = await fetch(url, { redirect: 'manual' });
  const cookie = authorize.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .join('; ');
  const page = await fetch(new URL(authorize.headers.get('location')!, url), { headers: { cookie } });
  return page.text();
}

describe('login', () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startQuietServer();
  });
  afterAll(() => server.close());

  it('a code + PKCE login by posting the login form redirects to the callback with code and state, and no iss as Fief', async () => {
    const { challenge, verifier } = pkce();
    const url = authorizationURL(server, challenge, { state: 'my-state', lang: 'fr' });
    const callback = new URL(await new LoginAgent().login(url, DEMO_USER));
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe('my-state');
    expect(callback.searchParams.has('iss')).toBe(false);
    const tokens = await exchangeCode(server, callback.href, verifier);
    expect(tokens.token_type).toBe('bearer');
    expect(decodeJwt(tokens.id_token).acr).toBe('1');
  });

  it('the login page is an HTML form prefilled with login_hint', async () => {
    const url = authorizationURL(server, pkce().challenge, { login_hint: 'someone@example.com' });
    const html = await getHTML(url);
    expect(html).toContain('<form method="post"');
    expect(html).toContain('value="someone@example.com"');
    expect(html).toContain('name="password"');
  });

  it('a wrong password shows the form again with an error and issues no code', async () => {
    const url = authorizationURL(server, pkce().challenge);
    const attempt = new LoginAgent().login(url, { email: DEMO_USER.email, password: 'wrong' });
    await expect(attempt).rejects.toThrow(/Invalid email or password/);
    await expect(attempt).rejects.toBeInstanceOf(LoginAgentError);
  });

  it('a session cookie resumes the login without the form, with ACR "0" and the original auth_time', async () => {
    const first = await loginAndExchange(server);
    const firstClaims = decodeJwt(first.tokens.access_token);
    const { challenge, verifier } = pkce();
    const resumed = await first.agent.login(authorizationURL(server, challenge));
    const tokens = await exchangeCode(server, resumed, verifier);
    expect(decodeJwt(tokens.access_token).acr).toBe('0');
    expect(decodeJwt(tokens.id_token).acr).toBe('0');
    expect(decodeJwt(tokens.id_token).auth_time).toBe(firstClaims.auth_time);
  });

  it('acr_values=1 forces a fresh credential login over a live session and gives ACR "1"', async () => {
    const { agent } = await loginAndExchange(server);
    const { challenge, verifier } = pkce();
    const url = authorizationURL(server, challenge, { acr_values: '1' });
    await expect(agent.follow(url)).rejects.toThrow(/answered instead of redirecting/);
    const callback = await agent.login(authorizationURL(server, challenge, { acr_values: '1' }), DEMO_USER);
    expect(decodeJwt((await exchangeCode(server, callback, verifier)).access_token).acr).toBe('1');
  });

  it('prompt=login shows the login form even with a session', async () => {
    const { agent } = await loginAndExchange(server);
    const url = authorizationURL(server, pkce().challenge, { prompt: 'login' });
    await expect(agent.follow(url)).rejects.toThrow(/answered instead of redirecting/);
  });

  it('prompt=none without a session redirects with error=login_required', async () => {
    const url = authorizationURL(server, pkce().challenge, { prompt: 'none', state: 'silent' });
    const callback = new URL(await new LoginAgent().follow(url));
    expect(callback.searchParams.get('error')).toBe('login_required');
    expect(callback.searchParams.get('state')).toBe('silent');
    expect(callback.searchParams.has('iss')).toBe(false);
  });

  it('prompt=none with a session returns a code, and offline_access still gives a refresh token', async () => {
    const { agent } = await loginAndExchange(server);
    const { challenge, verifier } = pkce();
    const callback = await agent.follow(authorizationURL(server, challenge, { prompt: 'none' }));
    const tokens = await exchangeCode(server, callback, verifier);
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(decodeJwt(tokens.access_token).scope).toBe('openid offline_access');
  });

  it('prompt=consent is accepted and answered without a consent screen for a first-party client', async () => {
    const { agent } = await loginAndExchange(server);
    const { challenge, verifier } = pkce();
    const callback = await agent.login(authorizationURL(server, challenge, { prompt: 'consent' }));
    expect((await exchangeCode(server, callback, verifier)).access_token).toEqual(expect.any(String));
  });

  it('the register page (screen=register) creates a user who can then log in', async () => {
    const credentials = { email: 'mary.read@example.com', password: 'a-long-password' };
    const registerURL = authorizationURL(server, pkce().challenge, { screen: 'register' });
    expect(await getHTML(registerURL)).toContain('data-fief-form="register"');

    const registered = await loginAndExchange(server, { params: { screen: 'register' }, credentials });
    expect(decodeJwt(registered.tokens.id_token)).toMatchObject({ email: credentials.email, acr: '1' });
    expect(server.users.findByEmail(credentials.email)).toMatchObject({
      email: credentials.email,
      fields: {},
    });

    const again = await loginAndExchange(server, { credentials });
    expect(decodeJwt(again.tokens.id_token).sub).toBe(server.users.findByEmail(credentials.email)?.id);

    const duplicate = new LoginAgent().login(
      authorizationURL(server, pkce().challenge, { screen: 'register' }),
      credentials,
    );
    await expect(duplicate).rejects.toThrow(/already exists/);
  });
});
