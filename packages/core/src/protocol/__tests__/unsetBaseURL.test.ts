/**
 * The first mistake of a new app: `baseURL={import.meta.env.VITE_FIEF_BASE_URL}` with the variable unset (no
 * `.env.local`). The Fief constructor takes `undefined`; the session engine built on it then dies in `normalizeBaseURL`
 * with "Cannot read properties of undefined (reading 'length')", which names neither `baseURL` nor the variable.
 *
 * `it.fails`: a check in the constructor that throws a `TypeError` naming `baseURL` (like the one for
 * `clockToleranceSeconds`) costs 56 B gzip of the entry chunk (9,339 → 9,395 B, measured with the bench's
 * `measureBundle('fief-spa')`), over `ENTRY_GZIP_CEILING` (9,340 B). Flip these to `it` with that check.
 */
import { describe, expect, it } from 'vitest';
import { Fief } from '../fief.js';

const unset = (value: string | undefined) => ({ baseURL: value as string, clientId: 'spa' });

describe('a Fief whose baseURL is not an http(s) URL', () => {
  it.fails('is refused at construction, with a TypeError that names baseURL (an unset VITE_ variable)', () => {
    expect(() => new Fief(unset(undefined))).toThrow(/baseURL/);
  });

  it.fails('is refused at construction when the scheme is missing, rather than failing as a network error', () => {
    expect(() => new Fief(unset('example.fief.dev'))).toThrow(/baseURL/);
  });
});
