import { describe, expect, it } from 'vitest';
import { generateCodeVerifier, generateNonce, generateState, getCodeChallenge } from '../../index.js';

describe('PKCE and random values', () => {
  it('derives the S256 challenge of RFC 7636 Appendix B', async () => {
    await expect(getCodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', 'S256')).resolves.toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('uses S256 by default and returns the verifier itself for plain', async () => {
    const verifier = generateCodeVerifier();
    await expect(getCodeChallenge(verifier)).resolves.toBe(await getCodeChallenge(verifier, 'S256'));
    await expect(getCodeChallenge(verifier, 'plain')).resolves.toBe(verifier);
  });

  it('makes verifiers of 43 unreserved characters (RFC 7636 §4.1), all different', () => {
    const values = new Set(Array.from({ length: 100 }, generateCodeVerifier));
    expect(values.size).toBe(100);
    for (const value of values) expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('makes unguessable base64url state and nonce values', () => {
    for (const make of [generateState, generateNonce]) {
      const a = make();
      expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(make()).not.toBe(a);
    }
  });

  it('refuses an unknown challenge method', async () => {
    await expect(getCodeChallenge('v', 'S512' as 'S256')).rejects.toThrow(TypeError);
  });
});
