// The "Testing your code" example of the README, kept line for line (imports point at the sources).

import { expect, it } from 'vitest';
import { createAuthFetch } from '../index.js';
import { createTestFiefAuth } from '../testing/index.js';

it("calls the API with the signed-in user's token", async () => {
  const auth = createTestFiefAuth();
  auth.signIn({ sub: 'u1', email: 'anne@example.com', tenant_id: 't1', fields: {} }, { access_token: 'abc' });
  const seen: string[] = [];
  const authFetch = createAuthFetch(auth, {
    origins: ['https://api.example.com'],
    fetch: async (_input, init) => {
      seen.push(new Headers(init?.headers).get('Authorization') ?? '');
      return new Response('[]');
    },
  });
  await authFetch('https://api.example.com/castles');
  expect(seen).toEqual(['Bearer abc']);
  expect(auth.calls).toEqual([{ method: 'getAccessToken', args: [] }]);
});
