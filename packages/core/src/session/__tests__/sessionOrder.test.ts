import { describe, expect, it } from 'vitest';
import { compareSessions, isNewerSession, mergeRefresh } from '../sessionOrder.js';
import { claimsFuture } from '../sessionState.js';
import { sampleSession } from './sessionFixtures.js';

const NOW = 1_767_225_600_000;
const base = sampleSession(NOW);

describe('the order of session versions', () => {
  it('a later sign-in wins over any generation of an earlier one', () => {
    const later = { ...base, sid: 'b'.repeat(24), createdAt: NOW + 1 };
    expect(isNewerSession(later, { ...base, generation: 99, revision: 99 })).toBe(true);
    expect(isNewerSession({ ...base, generation: 99 }, later)).toBe(false);
  });

  it('two sign-ins created at the same time are ordered by sid, the same way in every tab', () => {
    const a = { ...base, sid: 'a'.repeat(24) };
    const b = { ...base, sid: 'b'.repeat(24) };
    expect(compareSessions(b, a)).toBeGreaterThan(0);
    expect(compareSessions(a, b)).toBeLessThan(0);
  });

  it('within one sign-in a later generation wins whatever the revisions', () => {
    expect(
      isNewerSession({ ...base, generation: 2, revision: 2 }, { ...base, generation: 1, revision: 7 }),
    ).toBe(true);
  });

  it('within one generation the later revision wins, and a copy is not newer than itself', () => {
    expect(isNewerSession({ ...base, revision: 1 }, base)).toBe(true);
    expect(isNewerSession(base, base)).toBe(false);
    expect(isNewerSession(base, null)).toBe(true);
  });
});

describe('a refresh result applied to the latest copy', () => {
  const refreshed = {
    ...base,
    generation: 1,
    revision: 1,
    refreshToken: 'rotated',
    userinfo: { ...base.userinfo, email: 'old@example.com' },
  };

  it('keeps user info that changed while the refresh was on its way, and the rotated refresh token', () => {
    const latest = { ...base, revision: 3, userinfo: { ...base.userinfo, email: 'new@example.com' } };
    const merged = mergeRefresh(base, refreshed, latest);
    expect(merged?.refreshToken).toBe('rotated');
    expect(merged?.generation).toBe(1);
    expect(merged?.userinfo.email).toBe('new@example.com');
    expect(merged !== null && isNewerSession(merged, latest)).toBe(true);
  });

  it('is the refresh result itself when nothing changed meanwhile', () => {
    expect(mergeRefresh(base, refreshed, base)).toBe(refreshed);
  });

  it('gives way to a later generation another tab brought meanwhile', () => {
    expect(mergeRefresh(base, refreshed, { ...base, generation: 1, revision: 1 })).toBeNull();
  });
});

describe('timestamps in the future', () => {
  it('refuses a session created or refreshed beyond the clock tolerance', () => {
    expect(claimsFuture({ createdAt: NOW + 61_000, obtainedAt: NOW }, NOW, 60_000)).toBe(true);
    expect(claimsFuture({ createdAt: NOW, obtainedAt: NOW + 61_000 }, NOW, 60_000)).toBe(true);
    expect(claimsFuture({ createdAt: NOW + 59_000, obtainedAt: NOW + 59_000 }, NOW, 60_000)).toBe(false);
  });
});
