import { describe, expect, it } from 'vitest';
import { originMatcher } from '../originList.js';

describe('the origins that get the token', () => {
  it('match exactly: scheme, host and port', () => {
    const allowed = originMatcher(['https://api.example.com', 'http://127.0.0.1:8080']);
    expect(allowed(new URL('https://api.example.com/v1?q=1'))).toBe(true);
    expect(allowed(new URL('https://API.example.com:443/'))).toBe(true);
    expect(allowed(new URL('http://api.example.com/'))).toBe(false);
    expect(allowed(new URL('https://api.example.com:8443/'))).toBe(false);
    expect(allowed(new URL('https://api.example.com.evil.test/'))).toBe(false);
    expect(allowed(new URL('http://127.0.0.1:8081/'))).toBe(false);
  });

  it('a wildcard stands for exactly one DNS label', () => {
    const allowed = originMatcher(['https://*.example.com']);
    expect(allowed(new URL('https://eu.example.com/'))).toBe(true);
    expect(allowed(new URL('https://example.com/'))).toBe(false);
    expect(allowed(new URL('https://a.eu.example.com/'))).toBe(false);
    expect(allowed(new URL('https://evilexample.com/'))).toBe(false);
    expect(allowed(new URL('http://eu.example.com/'))).toBe(false);
    expect(allowed(new URL('https://eu.example.com:8443/'))).toBe(false);
  });
});
