// What a user relies on: createAuthFetch refreshes the token and sends a request again only when the API says the
// token is invalid (a `Bearer` challenge with `error="invalid_token"`), never on a header that does not parse.
// RFC 9110 §11.6.1: challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]. A scheme directly followed by a
// comma has no parameters; what follows the comma is a new list element, and `error="invalid_token"` cannot be a
// challenge (no scheme, a token then "="). A security review found `Bearer,error=invalid_token` read as a Bearer
// invalid_token challenge: two separate WWW-Authenticate fields, `Bearer` and `error="invalid_token"` (fetch joins
// them with ", "), made createAuthFetch refresh the token and send a POST a second time.
import { describe, expect, it } from 'vitest';
import { createAuthFetch } from '../authFetch.js';
import { isInvalidTokenChallenge } from '../bearerChallenge.js';
import { serve, signedIn } from './hopServer.js';

describe('a scheme followed by a comma takes no auth-param', () => {
  it.each([
    ['Bearer,error=invalid_token'],
    ['Bearer, error="invalid_token"'],
    ['Bearer ,error="invalid_token"'],
    ['Basic realm="x", Bearer, error="invalid_token"'],
    ['Bearer,\terror="invalid_token", error_description="x"'],
  ])('%s is not a Bearer invalid_token challenge', (header) => {
    expect(isInvalidTokenChallenge(header)).toBe(false);
  });

  it.each([
    ['Bearer, Bearer error="invalid_token"'],
    ['Basic, Bearer realm="api", error="invalid_token"'],
    ['Bearer realm="api", , error="invalid_token"'],
  ])('%s still is one', (header) => {
    expect(isInvalidTokenChallenge(header)).toBe(true);
  });

  it('two fields `Bearer` and `error="invalid_token"` do not make authFetch send a POST twice', async () => {
    const api = await serve((_req, res) => {
      res.writeHead(401, [
        ['WWW-Authenticate', 'Bearer'],
        ['WWW-Authenticate', 'error="invalid_token"'],
      ]);
      res.end();
    });
    try {
      const auth = signedIn();
      auth.getAccessToken = async (options?: { forceRefresh?: boolean }) =>
        options?.forceRefresh ? 'token-2' : 'token-1';
      const authFetch = createAuthFetch(auth, { origins: [api.origin] });
      const response = await authFetch(`${api.origin}/pay`, { method: 'POST', body: 'amount=10' });
      expect(response.status).toBe(401);
      expect(api.seen).toHaveLength(1);
    } finally {
      await api.close();
    }
  }, 30_000);
});
