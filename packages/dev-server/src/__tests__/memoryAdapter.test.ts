import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryAdapter } from '../memoryAdapter.js';

describe('memory adapter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps more than the 1000 entries the built-in LRU would, and forgets them when they expire', async () => {
    vi.useFakeTimers();
    const adapter = createMemoryAdapter()('Session');
    for (let i = 0; i < 1500; i++) await adapter.upsert(`s${i}`, { uid: `u${i}` }, 60);
    expect(await adapter.find('s0')).toEqual({ uid: 'u0' });
    expect(await adapter.findByUid('u1499')).toEqual({ uid: 'u1499' });
    vi.advanceTimersByTime(61_000);
    expect(await adapter.find('s0')).toBeUndefined();
    expect(await adapter.findByUid('u1499')).toBeUndefined();
  });

  it('revoking a grant removes its codes and refresh tokens, not the others', async () => {
    const adapterFor = createMemoryAdapter();
    const refreshTokens = adapterFor('RefreshToken');
    const codes = adapterFor('AuthorizationCode');
    await refreshTokens.upsert('rt1', { grantId: 'g1' }, 60);
    await codes.upsert('c1', { grantId: 'g1' }, 60);
    await refreshTokens.upsert('rt2', { grantId: 'g2' }, 60);
    await refreshTokens.revokeByGrantId('g1');
    expect(await refreshTokens.find('rt1')).toBeUndefined();
    expect(await codes.find('c1')).toBeUndefined();
    expect(await refreshTokens.find('rt2')).toEqual({ grantId: 'g2' });
  });

  it('a consumed authorization code or refresh token is forgotten, as Fief deletes them', async () => {
    const adapter = createMemoryAdapter();
    for (const model of ['AuthorizationCode', 'RefreshToken']) {
      const tokens = adapter(model);
      await tokens.upsert('t', { grantId: 'g' }, 60);
      await tokens.consume('t');
      expect(await tokens.find('t')).toBeUndefined();
    }
  });
});
