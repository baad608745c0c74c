import { createHash, randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { DEMO_USER, LoginAgent, startDevServer } from '../index.js';

it('the README example logs the demo user in and gets tokens', async () => {
  // --- README example (keep in sync with README.md) ---
  const server = await startDevServer({
    clients: [{ clientId: 'spa', redirectURIs: ['http://127.0.0.1:5173/callback'] }],
    logger: () => {}, // default: console.info
  });

  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL('/authorize', server.url);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: 'spa',
    redirect_uri: 'http://127.0.0.1:5173/callback',
    scope: 'openid offline_access',
    state: 'xyz',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();

  // Fills the login form from Node (node:http + its own cookie jar).
  const agent = new LoginAgent();
  const callback = new URL(await agent.login(authorize.href, DEMO_USER));

  const response = await fetch(`${server.url}/api/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: 'http://127.0.0.1:5173/callback',
      client_id: 'spa',
      code_verifier: verifier,
    }),
  });
  const tokens = await response.json(); // { access_token, id_token, refresh_token, ... }

  server.requests.filter((r) => r.path === '/api/token').length; // 1
  await server.close();
  // --- end of README example ---

  expect(callback.searchParams.get('state')).toBe('xyz');
  expect(tokens).toMatchObject({ token_type: 'bearer', refresh_token: expect.any(String) });
  expect(server.requests.filter((r) => r.path === '/api/token')).toHaveLength(1);
});
