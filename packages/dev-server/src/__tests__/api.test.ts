import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../server.js';
import {
  api,
  authorizationURL,
  DEMO_CLIENT,
  DEMO_USER,
  exchangeCode,
  loginAndExchange,
  pkce,
  postForm,
  startQuietServer,
} from './helpers.js';

describe('userinfo and /api', () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startQuietServer({
      users: [
        DEMO_USER,
        { email: 'jack@example.com', password: 'calico-jack', fields: { first_name: 'Jack' } },
      ],
    });
  });
  afterAll(() => server.close());

  /** A token from a session resume: ACR "0". */
  async function resumedToken(email = DEMO_USER.email, password = DEMO_USER.password) {
    const { agent } = await loginAndExchange(server, { credentials: { email, password } });
    const { challenge, verifier } = pkce();
    const callback = await agent.login(authorizationURL(server, challenge));
    return (await exchangeCode(server, callback, verifier)).access_token;
  }

  it('/api/userinfo, where Fief serves it, answers GET and POST with the Fief user info', async () => {
    const { tokens } = await loginAndExchange(server);
    for (const method of ['GET', 'POST']) {
      const { status, json } = await api(server, method, '/api/userinfo', tokens.access_token);
      expect(status).toBe(200);
      expect(json).toEqual({
        sub: server.users.findByEmail(DEMO_USER.email)!.id,
        email: DEMO_USER.email,
        email_verified: true,
        is_active: true,
        tenant_id: server.users.tenantId,
        fields: { first_name: 'Anne', last_name: 'Bonny' },
      });
    }
  });

  it('a missing or forged token is Fief\'s 401 { detail: "Unauthorized" }, with no Bearer challenge', async () => {
    const missing = await fetch(`${server.url}/api/userinfo`);
    expect(missing.status).toBe(401);
    // FastAPI's HTTPException(401) (fief/dependencies/users.py): no WWW-Authenticate, so no refresh-and-retry.
    expect(missing.headers.get('www-authenticate')).toBeNull();
    expect(await missing.json()).toEqual({ detail: 'Unauthorized' });
    const { tokens } = await loginAndExchange(server);
    const forged = `${tokens.access_token.slice(0, -4)}AAAA`;
    expect(await api(server, 'PATCH', '/api/profile', forged, { fields: {} })).toEqual({
      status: 401,
      json: { detail: 'Unauthorized' },
    });
  });

  it('PATCH /api/profile merges fields and returns the user info, even with ACR "0"', async () => {
    const token = await resumedToken('jack@example.com', 'calico-jack');
    const { status, json } = await api(server, 'PATCH', '/api/profile', token, {
      fields: { last_name: 'Rackham' },
    });
    expect(status).toBe(200);
    expect(json.fields).toEqual({ first_name: 'Jack', last_name: 'Rackham' });
    const invalid = await api(server, 'PATCH', '/api/profile', token, { fields: 'nope' });
    expect(invalid).toMatchObject({ status: 422, json: { detail: [{ loc: ['body', 'fields'] }] } });
  });

  it('PATCH /api/password with ACR "0" is refused as Fief refuses it: 403 { detail: "ACR_TOO_LOW" }', async () => {
    const token = await resumedToken();
    const refused = await api(server, 'PATCH', '/api/password', token, { password: 'new-password' });
    expect(refused).toEqual({ status: 403, json: { detail: 'ACR_TOO_LOW' } });
  });

  it('PATCH /api/password with ACR "1" changes the password', async () => {
    const email = 'password.changer@example.com';
    server.users.add({ email, password: 'old-password' });
    const { tokens } = await loginAndExchange(server, { credentials: { email, password: 'old-password' } });
    const { status, json } = await api(server, 'PATCH', '/api/password', tokens.access_token, {
      password: 'new-password',
    });
    expect(status).toBe(200);
    expect(json.email).toBe(email);
    await expect(
      loginAndExchange(server, { credentials: { email, password: 'old-password' } }),
    ).rejects.toThrow(/Invalid email or password/);
    await loginAndExchange(server, { credentials: { email, password: 'new-password' } });
  });

  it('a token refreshed after a credential login has ACR "0": PATCH /api/password refuses it, as Fief does', async () => {
    const credentials = { email: 'refresher@example.com', password: 'refresher-password' };
    server.users.add(credentials);
    const { tokens } = await loginAndExchange(server, { credentials });
    const refreshed = await postForm(`${server.url}/api/token`, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token!,
      client_id: DEMO_CLIENT.clientId,
    });
    expect(refreshed.status).toBe(200);
    const { status } = await api(server, 'PATCH', '/api/password', refreshed.json.access_token as string, {
      password: 'new-password',
    });
    expect(status).toBe(403);
  });

  it('email change: 202 with a code, a wrong code is a 400, the right one switches and verifies the email', async () => {
    const email = 'changer@example.com';
    server.users.add({ email, password: 'changer-password' });
    const { tokens } = await loginAndExchange(server, {
      credentials: { email, password: 'changer-password' },
    });

    const change = await api(server, 'PATCH', '/api/email/change', tokens.access_token, {
      email: 'new@example.com',
    });
    expect(change.status).toBe(202);
    expect(change.json.email).toBe(email);
    const code = server.getEmailVerificationCode('new@example.com');
    expect(code).toMatch(/^\d{6}$/);
    expect(server.getEmailVerificationCode(email)).toBe(code);

    const wrong = await api(server, 'POST', '/api/email/verify', tokens.access_token, {
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong).toEqual({ status: 400, json: { detail: 'USER_UPDATE_INVALID_EMAIL_VERIFICATION_CODE' } });

    const verified = await api(server, 'POST', '/api/email/verify', tokens.access_token, { code });
    expect(verified.status).toBe(200);
    expect(verified.json).toMatchObject({ email: 'new@example.com', email_verified: true });
    expect(server.getEmailVerificationCode('new@example.com')).toBeUndefined();
  });

  it('an email change to a taken address, the own one in another case included, is USER_UPDATE_EMAIL_ALREADY_EXISTS', async () => {
    const email = `same.${Date.now()}@example.com`;
    server.users.add({ email, password: 'same-password' });
    const { tokens } = await loginAndExchange(server, { credentials: { email, password: 'same-password' } });
    for (const taken of [email.toUpperCase(), 'jack@example.com']) {
      const change = await api(server, 'PATCH', '/api/email/change', tokens.access_token, { email: taken });
      expect(change).toEqual({ status: 400, json: { detail: 'USER_UPDATE_EMAIL_ALREADY_EXISTS' } });
    }
    expect(server.getEmailVerificationCode(email)).toBeUndefined();
  });

  it('an email change to the exact current address sends a code, which verifies it, as on Fief', async () => {
    const email = `unverified.${Date.now()}@example.com`;
    server.users.add({ email, password: 'unverified-password', emailVerified: false });
    const credentials = { email, password: 'unverified-password' };
    const { tokens } = await loginAndExchange(server, { credentials });
    const change = await api(server, 'PATCH', '/api/email/change', tokens.access_token, { email });
    expect(change).toMatchObject({ status: 202, json: { email, email_verified: false } });
    const code = server.getEmailVerificationCode(email)!;
    const verified = await api(server, 'POST', '/api/email/verify', tokens.access_token, { code });
    expect(verified).toMatchObject({ status: 200, json: { email, email_verified: true } });
  });

  it('email change and verify with ACR "0" are refused with 403', async () => {
    const token = await resumedToken();
    expect((await api(server, 'PATCH', '/api/email/change', token, { email: 'x@example.com' })).status).toBe(
      403,
    );
    expect((await api(server, 'POST', '/api/email/verify', token, { code: '123456' })).status).toBe(403);
  });

  it('the email verification code is printed in the server log', async () => {
    const lines: string[] = [];
    const logged = await startQuietServer({ logger: (line) => lines.push(line) });
    try {
      const { tokens } = await loginAndExchange(logged);
      await api(logged, 'PATCH', '/api/email/change', tokens.access_token, {
        email: 'anne.bonny@example.com',
      });
      const code = logged.getEmailVerificationCode('anne.bonny@example.com')!;
      expect(lines.some((line) => line.includes('anne.bonny@example.com') && line.includes(code))).toBe(true);
      expect(lines.join('\n')).not.toContain(tokens.access_token);
    } finally {
      await logged.close();
    }
  });

  it("a body that is not a JSON object is FastAPI's 422 with a list in detail", async () => {
    const { tokens } = await loginAndExchange(server);
    const response = await fetch(`${server.url}/api/profile`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ detail: [{ loc: ['body'] }] });
  });
});
