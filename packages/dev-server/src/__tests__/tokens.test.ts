import { createHash } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../server.js';
import { DEMO_CLIENT, DEMO_USER, loginAndExchange, postForm, startQuietServer } from './helpers.js';

const halfHash = (value: string) => {
  const digest = createHash('sha256').update(value).digest();
  return digest.subarray(0, 16).toString('base64url');
};

const refresh = (server: DevServer, refreshToken: string) =>
  postForm(`${server.url}/api/token`, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: DEMO_CLIENT.clientId,
  });

describe('tokens', () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startQuietServer({ accessTokenTTL: 600 });
  });
  afterAll(() => server.close());

  it('the ID token carries Fief claims and verifies against JWKS', async () => {
    const { tokens, nonce, callback } = await loginAndExchange(server);
    const jwks = createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token, jwks, {
      issuer: server.url,
      audience: DEMO_CLIENT.clientId,
      algorithms: ['RS256'],
    });
    const user = server.users.findByEmail(DEMO_USER.email)!;
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      sub: user.id,
      email: DEMO_USER.email,
      email_verified: true,
      is_active: true,
      tenant_id: server.users.tenantId,
      fields: { first_name: 'Anne', last_name: 'Bonny' },
      acr: '1',
      nonce,
      azp: DEMO_CLIENT.clientId,
      iss: server.url,
    });
    expect(payload.auth_time).toEqual(expect.any(Number));
    expect(payload.exp! - payload.iat!).toBe(3600);
    // OIDC Core 3.3.2.11: left half of SHA-256 of the access token and of the code.
    expect(payload.at_hash).toBe(halfHash(tokens.access_token));
    expect(payload.c_hash).toBe(halfHash(new URL(callback).searchParams.get('code')!));
  });

  it('the access token is an RS256 JWT with scope, permissions, acr, azp and aud = [client id]', async () => {
    const { tokens } = await loginAndExchange(server);
    const jwks = createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(tokens.access_token, jwks, {
      issuer: server.url,
      algorithms: ['RS256'],
    });
    expect(decodeProtectedHeader(tokens.access_token).kid).toEqual(expect.any(String));
    expect(payload).toMatchObject({
      sub: server.users.findByEmail(DEMO_USER.email)!.id,
      aud: [DEMO_CLIENT.clientId],
      azp: DEMO_CLIENT.clientId,
      scope: 'openid offline_access',
      permissions: ['castles:read', 'castles:create'],
      acr: '1',
    });
    expect(payload.auth_time).toEqual(expect.any(Number));
    expect(tokens.expires_in).toBe(600);
    expect(payload.exp! - payload.iat!).toBe(600);
  });

  it('without offline_access there is no refresh token', async () => {
    const { tokens } = await loginAndExchange(server, { params: { scope: 'openid' } });
    expect(tokens.refresh_token).toBeUndefined();
    expect(decodeJwt(tokens.access_token).scope).toBe('openid');
  });

  it('a refresh rotates the refresh token; as on Fief its tokens have acr "0" and the login\'s auth_time', async () => {
    const { tokens } = await loginAndExchange(server);
    expect(decodeJwt(tokens.access_token).acr).toBe('1');
    const first = await refresh(server, tokens.refresh_token!);
    expect(first.status).toBe(200);
    expect(first.json.refresh_token).toEqual(expect.any(String));
    expect(first.json.refresh_token).not.toBe(tokens.refresh_token);
    // Fief's token endpoint gives a refresh ACR "0" (fief/dependencies/token.py): no credentials were entered.
    const [access, id] = [
      decodeJwt(first.json.access_token as string),
      decodeJwt(first.json.id_token as string),
    ];
    expect([access.acr, id.acr]).toEqual(['0', '0']);
    // Fief sets no nonce (and no c_hash) on a refresh: the ID token answers no authorization request.
    expect([id.nonce, id.c_hash]).toEqual([undefined, undefined]);
    expect([access.auth_time, id.auth_time]).toEqual([
      decodeJwt(tokens.access_token).auth_time,
      decodeJwt(tokens.id_token).auth_time,
    ]);
    expect(id.sub).toBe(decodeJwt(tokens.id_token).sub);

    const second = await refresh(server, first.json.refresh_token as string);
    expect(second.status).toBe(200);
  });

  it("a scope of the app's own (castles:read) is granted, in the access token, and kept by a refresh, as on Fief", async () => {
    const scope = 'openid offline_access castles:read';
    const { tokens } = await loginAndExchange(server, { params: { scope } });
    expect(decodeJwt(tokens.access_token).scope).toBe(scope);
    // The session engine refreshes with the scope it signed in with.
    const refreshed = await postForm(`${server.url}/api/token`, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token!,
      client_id: DEMO_CLIENT.clientId,
      scope,
    });
    expect(refreshed.status).toBe(200);
    expect(decodeJwt(refreshed.json.access_token as string).scope).toBe(scope);
  });

  it('a resumed session (prompt=none) asking for a new scope of the app gets it, with no consent asked', async () => {
    const { agent } = await loginAndExchange(server);
    const scope = 'openid offline_access castles:delete';
    const { tokens } = await loginAndExchange(server, { agent, params: { scope, prompt: 'none' } });
    expect(decodeJwt(tokens.access_token).scope).toBe(scope);
  });

  it('the token answer has Fief\'s members only: token_type "bearer", and no scope', async () => {
    const { tokens } = await loginAndExchange(server);
    expect(Object.keys(tokens).sort()).toEqual([
      'access_token',
      'expires_in',
      'id_token',
      'refresh_token',
      'token_type',
    ]);
    expect(tokens.token_type).toBe('bearer');
  });

  it('a refresh asking for a scope without offline_access gets no refresh token, and the spent one is gone, as on Fief', async () => {
    const { tokens } = await loginAndExchange(server);
    const narrowed = await postForm(`${server.url}/api/token`, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token!,
      client_id: DEMO_CLIENT.clientId,
      scope: 'openid',
    });
    expect(narrowed.status).toBe(200);
    expect(narrowed.json.refresh_token).toBeUndefined();
    expect(decodeJwt(narrowed.json.access_token as string).scope).toBe('openid');
    expect(await refresh(server, tokens.refresh_token!)).toMatchObject({
      status: 400,
      json: { error: 'invalid_grant' },
    });
  });

  it('reusing a spent refresh token fails with invalid_grant, and as on Fief the sign-in goes on', async () => {
    const { tokens } = await loginAndExchange(server);
    const first = await refresh(server, tokens.refresh_token!);
    expect(first.status).toBe(200);
    const reused = await refresh(server, tokens.refresh_token!);
    expect(reused.status).toBe(400);
    expect(reused.json.error).toBe('invalid_grant');
    // Fief deletes a used refresh token and keeps the grant: the tab whose refresh was answered goes on refreshing.
    const next = await refresh(server, first.json.refresh_token as string);
    expect(next.status).toBe(200);
  });

  it('a PKCE-less confidential client authenticates with its secret', async () => {
    const confidential = await startQuietServer({
      clients: [
        {
          clientId: 'backend',
          clientSecret: 's3cret',
          redirectURIs: ['http://127.0.0.1:5173/callback'],
          tokenEndpointAuthMethod: 'client_secret_post',
        },
      ],
    });
    try {
      const { LoginAgent } = await import('../loginAgent.js');
      const url = new URL('/authorize', confidential.url);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: 'backend',
        redirect_uri: 'http://127.0.0.1:5173/callback',
        scope: 'openid',
        state: 'x',
      }).toString();
      const callback = await new LoginAgent().login(url.href, DEMO_USER);
      const code = new URL(callback).searchParams.get('code')!;
      const answer = await postForm(`${confidential.url}/api/token`, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: 'http://127.0.0.1:5173/callback',
        client_id: 'backend',
        client_secret: 's3cret',
      });
      expect(answer.status).toBe(200);
      expect(decodeJwt(answer.json.access_token as string).aud).toEqual(['backend']);
    } finally {
      await confidential.close();
    }
  });
});
