import { describe, expect, it, vi } from 'vitest';
import { FiefError } from '../../protocol/errors.js';
import { SessionKeeper } from '../sessionKeeper.js';
import { saveSession } from '../sessionSave.js';
import { SessionState } from '../sessionState.js';
import { MemoryStorage } from '../storage.js';
import { sampleSession } from './sessionFixtures.js';

const NOW = 1_767_225_600_000;

function keeperWith(stored = sampleSession(NOW)) {
  const storage = new MemoryStorage();
  const shared = new MemoryStorage();
  saveSession(storage, 'spa', stored);
  const posted: unknown[] = [];
  const context = {
    storage,
    namespace: 'spa',
    clientId: 'spa',
    shared: () => shared,
    now: () => NOW,
    post: (message: unknown) => posted.push(message),
    onSession: () => {},
    onEnd: () => {},
    log: () => {},
  };
  const keeper = new SessionKeeper(context, new SessionState(context, stored));
  return { keeper, storage, posted };
}

describe('sessions that claim a time in the future (finding 8)', () => {
  it('a stored session created in the future is refused and removed', () => {
    const { keeper, storage } = keeperWith(sampleSession(NOW, { createdAt: NOW + 10 * 60_000 }));
    expect(keeper.session).toBeNull();
    expect(storage.length).toBe(0);
  });

  it('a broadcast session refreshed in the future is not adopted, so it cannot outrank later logins', () => {
    const { keeper } = keeperWith();
    const forged = sampleSession(NOW, { sid: 'f'.repeat(24), obtainedAt: NOW + 10 * 60_000 });
    expect(keeper.offer(forged, { broadcast: false })).toBe(false);
    expect(keeper.session?.sid).toBe(sampleSession(NOW).sid);
  });

  it('a session within the clock tolerance is adopted', () => {
    const { keeper } = keeperWith();
    const later = sampleSession(NOW, {
      sid: 'b'.repeat(24),
      createdAt: NOW + 30_000,
      obtainedAt: NOW + 30_000,
    });
    expect(keeper.offer(later, { broadcast: false })).toBe(true);
  });
});

describe('user API answers (finding 6)', () => {
  it('an answer about another user is refused with a typed error and the session stays as it was', () => {
    const { keeper, posted } = keeperWith();
    const before = keeper.session;
    const other = { ...sampleSession(NOW).userinfo, sub: 'another-user', email: 'mallory@example.com' };
    expect(() => keeper.applyUserinfo(other)).toThrow(FiefError);
    try {
      keeper.applyUserinfo(other);
    } catch (error) {
      expect((error as FiefError).code).toBe('ERR_FIEF_USERINFO_SUB_MISMATCH');
    }
    expect(keeper.session).toBe(before);
    expect(posted).toEqual([]);
  });

  it('an answer about the signed-in user becomes the next revision', () => {
    const { keeper } = keeperWith();
    keeper.applyUserinfo({ ...sampleSession(NOW).userinfo, email: 'anne@new.example' });
    expect(keeper.session?.userinfo.email).toBe('anne@new.example');
    expect(keeper.session?.revision).toBe(1);
  });
});

describe('listeners', () => {
  it('one that throws is reported, and neither stops the others nor the change that called them', () => {
    const { keeper, storage } = keeperWith();
    const reported = vi.spyOn(console, 'error').mockImplementation(() => {});
    const heard: string[] = [];
    keeper.subscribe(() => {
      throw new Error('app listener failed');
    });
    keeper.subscribe(() => heard.push(keeper.snapshot.status));

    keeper.end({ broadcast: true, upTo: null, error: null });

    expect(heard).toEqual(['anonymous']);
    expect(storage.length).toBe(0);
    expect(reported).toHaveBeenCalledWith(expect.objectContaining({ message: 'app listener failed' }));
    reported.mockRestore();
  });
});
