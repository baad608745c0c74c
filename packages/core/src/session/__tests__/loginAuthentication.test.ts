// What a user relies on: a failed callback's message can be shown on the callback page as it is. The ID token's `acr`
// (and the stored `acr_values` of the pending login) go through protocol/json.ts `describe()`: cut and escaped.
import { describe, expect, it } from 'vitest';
import { expectSafe, hostile } from '../../protocol/__tests__/hostileText.js';
import { FiefAuthCallbackError } from '../fiefAuthCallbackError.js';
import { checkAuthentication } from '../loginAuthentication.js';
import type { PendingLogin } from '../pendingLogin.js';

const pending = (acrValues: string): PendingLogin => ({
  state: 's',
  codeVerifier: 'v',
  nonce: 'n',
  redirectURI: 'https://app.example/callback',
  returnTo: '/',
  createdAt: Date.now(),
  discovery: null,
  issuer: 'https://fief.example',
  clientId: 'spa',
  acrValues,
  maxAge: null,
});

describe('a login whose ID token carries a hostile acr', () => {
  it('fails with acr_too_low and a message cut and escaped', () => {
    const error = (() => {
      try {
        checkAuthentication(pending(`1 ${hostile}`), { acr: hostile }, Date.now());
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(FiefAuthCallbackError);
    expect(error).toMatchObject({ reason: 'acr_too_low' });
    expectSafe((error as Error).message);
  });
});
