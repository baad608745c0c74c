import { describe, expect, it } from 'vitest';
import { LOADING_STATE, nextAuthState } from '../authState.js';
import { jsonEqual } from '../jsonEqual.js';

describe('equality of the values a snapshot holds', () => {
  it('arrays are equal only with the same items in the same order, at any depth', () => {
    expect(jsonEqual(['openid', 'profile'], ['openid', 'profile'])).toBe(true);
    expect(jsonEqual(['openid', 'profile'], ['profile', 'openid'])).toBe(false);
    expect(jsonEqual(['openid'], ['openid', 'profile'])).toBe(false);
    expect(jsonEqual(['openid', 'profile'], ['openid'])).toBe(false);
    expect(jsonEqual([], [])).toBe(true);
    expect(jsonEqual({ roles: [['a', 'b'], []] }, { roles: [['a', 'b'], []] })).toBe(true);
    expect(jsonEqual({ roles: [['a', 'b'], []] }, { roles: [['a'], ['b']] })).toBe(false);
  });

  it('an array never equals an object, even one keyed by its indices', () => {
    expect(jsonEqual(['a'], { 0: 'a' })).toBe(false);
    expect(jsonEqual({ 0: 'a' }, ['a'])).toBe(false);
    expect(jsonEqual({ 0: 'a', length: 1 }, ['a'])).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
  });

  it('objects are equal with the same keys and equal values, whatever their order', () => {
    expect(jsonEqual({ sub: 'u', fields: { a: 1, b: null } }, { fields: { b: null, a: 1 }, sub: 'u' })).toBe(
      true,
    );
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1, c: undefined })).toBe(false);
    expect(jsonEqual({ a: null }, { a: {} })).toBe(false);
    expect(jsonEqual({ a: '1' }, { a: 1 })).toBe(false);
  });

  it('a snapshot keeps its identity when a new one holds equal arrays', () => {
    const tokenInfo = {
      access_token: 'a',
      id_token: 'i',
      token_type: 'bearer',
      expires_at: 1,
      scope: ['openid'],
      acr: '0' as const,
      permissions: ['castles:read'],
    };
    const first = nextAuthState(
      LOADING_STATE,
      { ...LOADING_STATE, status: 'authenticated', tokenInfo },
      jsonEqual,
    );
    const copy = { ...tokenInfo, scope: ['openid'], permissions: ['castles:read'] };
    expect(nextAuthState(first, { ...first, tokenInfo: copy }, jsonEqual)).toBe(first);
    const widened = { ...tokenInfo, permissions: ['castles:read', 'castles:write'] };
    expect(nextAuthState(first, { ...first, tokenInfo: widened }, jsonEqual).tokenInfo).toBe(widened);
    // By identity (before the engine arrives), an equal copy is a new snapshot holding the copy.
    expect(nextAuthState(first, { ...first, tokenInfo: copy }, Object.is).tokenInfo).toBe(copy);
    expect(nextAuthState(first, { ...first }, Object.is)).toBe(first);
  });
});
