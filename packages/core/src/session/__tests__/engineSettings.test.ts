import { describe, expect, it } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import { sessionNamespace } from '../engineSettings.js';
import { FiefAuth } from '../fiefAuth.js';

const fief = new Fief({ baseURL: 'https://example.fief.dev', clientId: 'spa' });

describe('engine options', () => {
  it.each([Number.NaN, Number.POSITIVE_INFINITY, -1, 86_401, '30'])(
    'refreshMarginSeconds %s is refused with a TypeError naming it (no timer armed in a loop)',
    (value) => {
      expect(() => new FiefAuth(fief, { storage: 'memory', refreshMarginSeconds: value as number })).toThrow(
        /refreshMarginSeconds/,
      );
      expect(() => new FiefAuth(fief, { storage: 'memory', refreshMarginSeconds: value as number })).toThrow(
        TypeError,
      );
    },
  );

  it('accepts a margin of 0 to 86,400 seconds', () => {
    expect(() => new FiefAuth(fief, { storage: 'memory', refreshMarginSeconds: 0 })).not.toThrow();
    expect(() => new FiefAuth(fief, { storage: 'memory', refreshMarginSeconds: 86_400 })).not.toThrow();
  });
});

describe('sessionNamespace', () => {
  it('keeps two engines apart even when a client id holds an @ (the client id is encoded)', () => {
    const tricky = sessionNamespace({ clientId: 'spa@https://b.example', baseURL: 'https://a.example' });
    const plain = sessionNamespace({ clientId: 'spa', baseURL: 'https://b.example@https://a.example' });
    expect(tricky).not.toBe(plain);
    expect(sessionNamespace({ clientId: 'spa', baseURL: 'https://example.fief.dev' })).toBe(
      'spa@https://example.fief.dev',
    );
  });
});
