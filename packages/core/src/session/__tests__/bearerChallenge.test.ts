import { describe, expect, it } from 'vitest';
import { isInvalidTokenChallenge } from '../bearerChallenge.js';

describe('a WWW-Authenticate header', () => {
  it('says invalid_token only in a Bearer challenge', () => {
    expect(isInvalidTokenChallenge('Bearer error="invalid_token"')).toBe(true);
    expect(isInvalidTokenChallenge('bearer realm="a, b", error=invalid_token')).toBe(true);
    expect(
      isInvalidTokenChallenge('Basic realm="x", Bearer error="invalid_token", error_description="expired"'),
    ).toBe(true);
    expect(isInvalidTokenChallenge('Bearer realm="api"')).toBe(false);
    expect(isInvalidTokenChallenge('Bearer error="insufficient_scope"')).toBe(false);
    expect(isInvalidTokenChallenge('DPoP error="invalid_token"')).toBe(false);
    expect(isInvalidTokenChallenge('Bearer realm="api", DPoP error="invalid_token"')).toBe(false);
    expect(isInvalidTokenChallenge('Bearer realm="error=\\"invalid_token\\""')).toBe(false);
    expect(isInvalidTokenChallenge(null)).toBe(false);
  });
});
