import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../server.js';
import {
  authorizationURL,
  DEMO_CLIENT,
  loginAndExchange,
  pkce,
  postForm,
  startQuietServer,
} from './helpers.js';

describe('logout', () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startQuietServer();
  });
  afterAll(() => server.close());

  it('ends the session and redirects to a registered redirect URI', async () => {
    const { agent, tokens } = await loginAndExchange(server);
    const target = 'http://127.0.0.1:5173/';
    const landed = await agent.follow(`${server.url}/logout?redirect_uri=${encodeURIComponent(target)}`);
    expect(landed).toBe(target);

    const silent = new URL(
      await agent.follow(authorizationURL(server, pkce().challenge, { prompt: 'none' })),
    );
    expect(silent.searchParams.get('error')).toBe('login_required');

    // As with Fief, refresh tokens outlive the browser session.
    const refreshed = await postForm(`${server.url}/api/token`, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token!,
      client_id: DEMO_CLIENT.clientId,
    });
    expect(refreshed.status).toBe(200);
  });

  it('refuses to redirect to an unregistered URI, with an OAuth error, and keeps the session', async () => {
    const { agent } = await loginAndExchange(server);
    const response = await fetch(
      `${server.url}/logout?redirect_uri=${encodeURIComponent('https://evil.example/')}`,
      {
        redirect: 'manual',
      },
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.json()).toMatchObject({
      error: 'invalid_request',
      error_description: expect.stringMatching(/--redirect-uri/),
    });

    await expect(
      agent.follow(`${server.url}/logout?redirect_uri=http://127.0.0.1:5173/elsewhere`),
    ).rejects.toThrow(/invalid_request/);
    const silent = new URL(
      await agent.follow(authorizationURL(server, pkce().challenge, { prompt: 'none' })),
    );
    expect(silent.searchParams.get('code')).toEqual(expect.any(String));
  });
});
