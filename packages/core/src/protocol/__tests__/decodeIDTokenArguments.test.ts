/**
 * `decodeIDToken` checks the token and the expectations it was called with. The parameters are the caller's object:
 * one that the caller reuses (a loop, a form's state) may change while the chunk loads and discovery is read. The
 * claims returned must be those of the token passed, checked against the nonce passed, at the time of the call.
 */

import { describe, expect, it } from 'vitest';
import { sign } from './fakeFief.js';
import { newFief, server, signing, useIdTokenServer } from './idTokenHarness.js';

useIdTokenServer();

describe('decodeIDToken', () => {
  it('validates the token it was called with, not the one the caller put in its object afterwards', async () => {
    const jwks = { keys: [signing.key.publicJWK] };
    const first = await sign(server.claims({ sub: 'user-1', nonce: 'nonce-1' }), signing.key);
    const second = await sign(server.claims({ sub: 'user-2', nonce: 'nonce-2' }), signing.key);
    const parameters = { idToken: first, jwks, nonce: 'nonce-1' };

    const decoding = newFief().decodeIDToken(parameters);
    parameters.idToken = second;
    parameters.nonce = 'nonce-2';

    await expect(decoding).resolves.toMatchObject({ sub: 'user-1' });
  });

  it('checks the nonce it was called with', async () => {
    const idToken = await sign(server.claims({ nonce: 'nonce-1' }), signing.key);
    const parameters = { idToken, jwks: { keys: [signing.key.publicJWK] }, nonce: 'nonce-1' };

    const decoding = newFief().decodeIDToken(parameters);
    parameters.nonce = 'nonce-of-the-next-login';

    await expect(decoding).resolves.toMatchObject({ sub: 'user-1', nonce: 'nonce-1' });
  });
});
