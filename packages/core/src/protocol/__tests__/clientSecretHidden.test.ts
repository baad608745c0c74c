/**
 * A confidential client's secret and a private decryption key are options of `Fief`. A server that logs or serializes
 * an object holding the client (`console.log`, a JSON logger, `structuredClone`) must not print them: in 0.1.0 the
 * options were private fields, invisible to all of these.
 */

import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Fief } from '../fief.js';

const SECRET = 'the-client-secret-of-the-test';
const PRIVATE_D = 'the-private-exponent-of-the-test';

const newFief = () =>
  new Fief({
    baseURL: 'https://example.fief.dev',
    clientId: 'client-under-test',
    clientSecret: SECRET,
    encryptionKey: { kty: 'RSA', n: 'n', e: 'AQAB', d: PRIVATE_D },
  });

describe('a Fief client, serialized or printed', () => {
  it('shows neither its client secret nor its private key to JSON.stringify', () => {
    const text = JSON.stringify({ fief: newFief() });
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(PRIVATE_D);
  });

  it('shows neither to console.log (util.inspect), at any depth', () => {
    const text = inspect(newFief(), { depth: Number.POSITIVE_INFINITY });
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(PRIVATE_D);
  });

  it('hands neither to an object spread or structuredClone', () => {
    const spread = JSON.stringify({ ...newFief() });
    expect(spread).not.toContain(SECRET);
    let cloned: unknown = null;
    try {
      cloned = structuredClone(newFief());
    } catch {
      // A client that cannot be cloned shows nothing either.
    }
    expect(JSON.stringify(cloned) ?? '').not.toContain(SECRET);
  });

  it('still uses them: the getters say what the client is', () => {
    const fief = newFief();
    expect(fief.clientId).toBe('client-under-test');
    expect(fief.baseURL).toBe('https://example.fief.dev');
  });
});
