import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginAgent } from '../loginAgent.js';
import type { DevServer } from '../server.js';
import {
  authorizationURL,
  DEMO_CLIENT,
  DEMO_USER,
  pkce,
  REDIRECT_URI,
  SPA_ORIGIN,
  startQuietServer,
} from './helpers.js';

const preflight = (server: DevServer, path: string, method: string, origin = SPA_ORIGIN) =>
  fetch(`${server.url}${path}`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'authorization, content-type',
    },
  });

describe('CORS for a browser SPA', () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startQuietServer();
  });
  afterAll(() => server.close());

  it('answers the token endpoint preflight from a registered origin', async () => {
    const response = await preflight(server, '/api/token', 'POST');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
  });

  it('answers the /api/profile preflight with PATCH and Authorization allowed', async () => {
    const response = await preflight(server, '/api/profile', 'PATCH');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });

  it('a token request from the SPA origin gets its tokens with the CORS header', async () => {
    const { challenge, verifier } = pkce();
    const callback = await new LoginAgent().login(authorizationURL(server, challenge), DEMO_USER);
    const response = await fetch(`${server.url}/api/token`, {
      method: 'POST',
      headers: { origin: SPA_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: new URL(callback).searchParams.get('code')!,
        redirect_uri: REDIRECT_URI,
        client_id: DEMO_CLIENT.clientId,
        code_verifier: verifier,
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
    const { access_token: accessToken } = (await response.json()) as { access_token: string };

    const userinfo = await fetch(`${server.url}/api/userinfo`, {
      headers: { origin: SPA_ORIGIN, authorization: `Bearer ${accessToken}` },
    });
    expect(userinfo.status).toBe(200);
    expect(userinfo.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
  });

  it('an origin that is no client redirect origin gets no CORS grant', async () => {
    const response = await preflight(server, '/api/profile', 'PATCH', 'https://evil.example');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const token = await fetch(`${server.url}/api/token`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: 'x',
        client_id: DEMO_CLIENT.clientId,
      }),
    });
    expect(token.headers.get('access-control-allow-origin')).toBeNull();
    expect(token.status).toBe(400);
  });
});
