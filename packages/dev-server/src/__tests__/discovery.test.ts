import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../server.js';
import { SPA_ORIGIN, startQuietServer } from './helpers.js';

describe('discovery', () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startQuietServer();
  });
  afterAll(() => server.close());

  it('publishes Fief-shaped discovery whose issuer is exactly the base URL', async () => {
    const response = await fetch(`${server.url}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const discovery = (await response.json()) as Record<string, unknown>;
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(discovery).toMatchObject({
      issuer: server.url,
      authorization_endpoint: `${server.url}/authorize`,
      token_endpoint: `${server.url}/api/token`,
      // Fief's user router is mounted under /api (fief/apps/auth/app.py): its userinfo endpoint is /api/userinfo.
      userinfo_endpoint: `${server.url}/api/userinfo`,
      jwks_uri: `${server.url}/.well-known/jwks.json`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: ['openid', 'offline_access'],
      id_token_signing_alg_values_supported: ['RS256'],
      acr_values_supported: ['0', '1'],
    });
    expect(discovery.grant_types_supported).toEqual(['authorization_code', 'refresh_token']);
    expect(discovery.end_session_endpoint).toBeUndefined();
    // Fief does not send RFC 9207's iss in its authorization responses, nor announce it.
    expect(discovery.authorization_response_iss_parameter_supported).toBeUndefined();
  });

  it('serves an RS256 public key set without private parts', async () => {
    const response = await fetch(`${server.url}/.well-known/jwks.json`);
    const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(typeof keys[0]?.kid).toBe('string');
    expect(keys[0]?.d).toBeUndefined();
  });

  it('lets any browser origin read discovery and JWKS', async () => {
    for (const path of ['/.well-known/openid-configuration', '/.well-known/jwks.json']) {
      const response = await fetch(`${server.url}${path}`, {
        headers: { origin: 'https://anywhere.example' },
      });
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
    }
    const preflight = await fetch(`${server.url}/.well-known/openid-configuration`, {
      method: 'OPTIONS',
      headers: { origin: SPA_ORIGIN, 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  });
});
