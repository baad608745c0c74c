/**
 * An app's subclass of `Fief` with a member of its own named `flows` or `client` (a list of login flows, an API
 * client; in JavaScript, where no compiler says the name is taken) must not break the methods that load the chunk:
 * 0.1.0 kept the client's state in #private fields, and no name of a subclass could collide with it.
 */

import { describe, expect, it } from 'vitest';
import { Fief } from '../fief.js';

const OPTIONS = {
  baseURL: 'https://example.fief.dev',
  clientId: 'client-under-test',
  openIDConfiguration: {
    issuer: 'https://example.fief.dev',
    authorization_endpoint: 'https://example.fief.dev/authorize',
    token_endpoint: 'https://example.fief.dev/api/token',
    jwks_uri: 'https://example.fief.dev/.well-known/jwks.json',
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
  },
};

/** A subclass as an app writes it in JavaScript: class fields are own properties of the instance. */
class AppFief extends Fief {
  constructor(own: Record<string, unknown>) {
    super(OPTIONS);
    for (const [name, value] of Object.entries(own)) Object.defineProperty(this, name, { value });
  }
}

describe("a subclass of Fief with members of the app's own", () => {
  it.each([
    ['flows', ['password', 'google']],
    ['client', { get: () => 'the app API client' }],
  ])('named %s: getAuthURL still builds the URL', async (name, value) => {
    const fief = new AppFief({ [name]: value });
    await expect(fief.getAuthURL({ redirectURI: 'https://app.example/cb' })).resolves.toMatch(
      /^https:\/\/example\.fief\.dev\/authorize\?/,
    );
    expect(fief.clientId).toBe('client-under-test');
  });
});
