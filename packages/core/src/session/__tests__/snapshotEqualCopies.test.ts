/**
 * The snapshot keeps its `userinfo`/`tokenInfo` objects when the engine adopts a copy of the session equal in value
 * (another tab's copy of the same sign-in, parsed anew). The page compares by identity until the engine arrives
 * (`SessionState.equal`): before it, the session's objects are never replaced; the engine brings value equality.
 */

import { describe, expect, it } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import { engineSettings } from '../engineSettings.js';
import { SessionEngine } from '../sessionEngine.js';
import { SessionState } from '../sessionState.js';
import type { Session } from '../sessionStore.js';
import { MemoryStorage } from '../storage.js';
import { NOWHERE_BASE, sampleSession } from './sessionFixtures.js';

const NOW = 1_767_225_600_000;

/** A deep copy, as another tab's message or the storage gives it: equal in value, no object shared. */
const copyOf = (session: Session, overrides: Partial<Session> = {}): Session => ({
  ...(JSON.parse(JSON.stringify(session)) as Session),
  ...overrides,
});

/** The page's state over `stored`, and the engine it gets once its chunk arrives (built, never started). */
function pageWith(stored: Session) {
  const fief = new Fief({ baseURL: NOWHERE_BASE, clientId: 'spa' });
  const settings = engineSettings(fief, {
    storage: 'memory',
    clock: () => NOW,
    tabSync: { shared: new MemoryStorage() },
  });
  const state = new SessionState(settings, stored);
  const engine = () => new SessionEngine({ ...settings, state, callbackRunning: () => 0 });
  return { state, engine };
}

describe('a copy of the session equal in value', () => {
  it('before the engine, the snapshot compares by identity (nothing replaces the session there)', () => {
    const { state } = pageWith(sampleSession(NOW));
    expect(state.equal(state.snapshot.userinfo, copyOf(sampleSession(NOW)).userinfo)).toBe(false);
    const before = state.snapshot;
    state.emit();
    expect(state.snapshot).toBe(before);
  });

  it('adopted by the engine, keeps the snapshot and tells no listener', () => {
    const stored = sampleSession(NOW);
    const { state, engine } = pageWith(stored);
    const { keeper } = engine();
    const before = state.snapshot;
    let told = 0;
    state.subscribe(() => told++);
    expect(keeper.offer(copyOf(stored, { revision: 1 }), { broadcast: false })).toBe(true);
    expect(state.session?.revision).toBe(1);
    expect(state.snapshot).toBe(before);
    expect(state.snapshot.userinfo).toBe(stored.userinfo);
    expect(state.snapshot.tokenInfo).toBe(stored.tokenInfo);
    expect(told).toBe(0);
  });

  it('with one value changed, gives a new snapshot that keeps the objects still equal', () => {
    const stored = sampleSession(NOW);
    const { state, engine } = pageWith(stored);
    const { keeper } = engine();
    const before = state.snapshot;
    const widened = copyOf(stored, { revision: 1 });
    const tokenInfo = { ...widened.tokenInfo, permissions: ['castles:read', 'castles:write'] };
    expect(keeper.offer({ ...widened, tokenInfo }, { broadcast: false })).toBe(true);
    expect(state.snapshot).not.toBe(before);
    expect(state.snapshot.tokenInfo).toBe(tokenInfo);
    expect(state.snapshot.userinfo).toBe(stored.userinfo);
  });
});
