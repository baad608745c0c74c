import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginAgent } from '../loginAgent.js';
import type { DevServer } from '../server.js';
import {
  authorizationURL,
  DEMO_CLIENT,
  DEMO_USER,
  pkce,
  postForm,
  REDIRECT_URI,
  startQuietServer,
} from './helpers.js';

const isOAuthError = (json: Record<string, unknown>) =>
  typeof json.error === 'string' && typeof json.error_description === 'string' && !('stack' in json);

describe('bad input gets OAuth JSON errors', () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startQuietServer();
  });
  afterAll(() => server.close());

  async function freshCode() {
    const { challenge, verifier } = pkce();
    const callback = await new LoginAgent().login(authorizationURL(server, challenge), DEMO_USER);
    return { code: new URL(callback).searchParams.get('code')!, verifier };
  }

  it('an unknown client at /authorize is an invalid_client JSON error, not a redirect', async () => {
    const url = authorizationURL(server, pkce().challenge, { client_id: 'nobody' });
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    const json = (await response.json()) as Record<string, unknown>;
    expect(json.error).toBe('invalid_client');
    expect(isOAuthError(json)).toBe(true);
  });

  it('a redirect URI that is not an exact match is refused without a redirect', async () => {
    const url = authorizationURL(server, pkce().challenge, { redirect_uri: `${REDIRECT_URI}/extra` });
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    const json = (await response.json()) as Record<string, unknown>;
    expect(isOAuthError(json)).toBe(true);
    // A newcomer's app on another port lands here: the answer says how to register its URI.
    expect(json).toMatchObject({
      error: 'invalid_redirect_uri',
      error_description: expect.stringMatching(/--redirect-uri/),
    });
  });

  it('a public client without PKCE is sent back with invalid_request', async () => {
    const url = new URL(authorizationURL(server, 'unused'));
    url.searchParams.delete('code_challenge');
    url.searchParams.delete('code_challenge_method');
    const callback = new URL(await new LoginAgent().follow(url.href));
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('a missing grant parameter is invalid_request', async () => {
    const { status, json } = await postForm(`${server.url}/api/token`, {
      grant_type: 'authorization_code',
      client_id: DEMO_CLIENT.clientId,
      redirect_uri: REDIRECT_URI,
    });
    expect(status).toBe(400);
    expect(json.error).toBe('invalid_request');
    expect(isOAuthError(json)).toBe(true);
  });

  it('a wrong code verifier is invalid_grant', async () => {
    const { code } = await freshCode();
    const { status, json } = await postForm(`${server.url}/api/token`, {
      grant_type: 'authorization_code',
      code,
      client_id: DEMO_CLIENT.clientId,
      redirect_uri: REDIRECT_URI,
      code_verifier: pkce().verifier,
    });
    expect(status).toBe(400);
    expect(json.error).toBe('invalid_grant');
  });

  it('a code is single-use', async () => {
    const { code, verifier } = await freshCode();
    const form = {
      grant_type: 'authorization_code',
      code,
      client_id: DEMO_CLIENT.clientId,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    };
    expect((await postForm(`${server.url}/api/token`, form)).status).toBe(200);
    const replay = await postForm(`${server.url}/api/token`, form);
    expect(replay).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
  });

  it('a replayed code is refused, and as on Fief the tokens of its first exchange stay valid', async () => {
    const { code, verifier } = await freshCode();
    const form = {
      grant_type: 'authorization_code',
      code,
      client_id: DEMO_CLIENT.clientId,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    };
    const first = await postForm(`${server.url}/api/token`, form);
    expect(first.status).toBe(200);
    // A callback URL opened again (Back, a restored tab): Fief deletes a used code and revokes nothing.
    expect(await postForm(`${server.url}/api/token`, form)).toMatchObject({
      status: 400,
      json: { error: 'invalid_grant' },
    });
    const refreshed = await postForm(`${server.url}/api/token`, {
      grant_type: 'refresh_token',
      refresh_token: first.json.refresh_token as string,
      client_id: DEMO_CLIENT.clientId,
    });
    expect(refreshed.status).toBe(200);
  });

  it('an unknown client at the token endpoint is invalid_client', async () => {
    const { status, json } = await postForm(`${server.url}/api/token`, {
      grant_type: 'authorization_code',
      code: 'whatever',
      client_id: 'nobody',
      redirect_uri: REDIRECT_URI,
      code_verifier: pkce().verifier,
    });
    expect(status).toBe(401);
    expect(json.error).toBe('invalid_client');
  });

  it('an unknown route is a JSON 404', async () => {
    const response = await fetch(`${server.url}/nowhere`);
    expect(response.status).toBe(404);
    expect(isOAuthError((await response.json()) as Record<string, unknown>)).toBe(true);
  });

  it("answers the browser's icon request with no content, not a 404 in the console of every login page", async () => {
    const response = await fetch(`${server.url}/favicon.ico`);
    expect(response.status).toBe(204);
  });

  it('a stale login page (Back after the login) is a page for people with a link back to the app', async () => {
    const response = await fetch(`${server.url}/interaction/not-a-real-uid`, {
      headers: { accept: 'text/html' },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain('This sign-in page has expired');
    expect(page).toContain(`<a href="${new URL(REDIRECT_URI).origin}/">`);
  });

  it('a stale login form posted again still answers with an OAuth error', async () => {
    const response = await fetch(`${server.url}/interaction/not-a-real-uid/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=a%40b.c&password=x',
    });
    expect(response.status).toBe(400);
    expect(isOAuthError((await response.json()) as Record<string, unknown>)).toBe(true);
  });
});
