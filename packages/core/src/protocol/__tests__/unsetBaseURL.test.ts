/**
 * The first mistake of a new app: `baseURL={import.meta.env.VITE_FIEF_BASE_URL}` with the variable unset (no
 * `.env.local`). Taken as it is, the session engine built on it died in `normalizeBaseURL` with "Cannot read properties
 * of undefined (reading 'length')", which names neither `baseURL` nor the variable; a URL without its scheme failed
 * later, as a network error. The constructor refuses both with a `TypeError` that names `baseURL`.
 */
import { describe, expect, it } from 'vitest';
import { Fief } from '../fief.js';

const unset = (value: string | undefined) => ({ baseURL: value as string, clientId: 'spa' });

describe('a Fief whose baseURL is not an http(s) URL', () => {
  it('is refused at construction, with a TypeError that names baseURL (an unset VITE_ variable)', () => {
    expect(() => new Fief(unset(undefined))).toThrow(/baseURL/);
  });

  it('is refused at construction when the scheme is missing, rather than failing as a network error', () => {
    expect(() => new Fief(unset('example.fief.dev'))).toThrow(/baseURL/);
  });
});
