/**
 * A tab that replaces a sign-in with a newer one remembers the generations it spent of the one replaced
 * (`SessionKeeper.set`): those before the one it held. A copy of a newer sign-in that is no sign-in at all (garbage
 * from a buggy tab, its refresh token unknown to Fief) replaces the live one in the tabs that hear it, then ends. The
 * generation they held is not among those ended: a page that kept it (in the back-forward cache meanwhile) goes on
 * with it, and the tabs it tells adopt it again.
 */
import { describe, expect, it, vi } from 'vitest';
import { loadSession } from '../sessionStore.js';
import { MemoryStorage } from '../storage.js';
import { useModelClock } from './modelRun.js';
import { grantedSession } from './sessionFixtures.js';
import { anotherTabOn, CLIENT, InTestTabs, NS, StubFief, tab } from './stubFiefKit.js';

useModelClock();

/** A session of sign-in `sid`, created now, whose refresh token Fief never issued. */
function bogusSignIn(fief: StubFief, sid: string, expiresIn: number) {
  const tokens = {
    access_token: 'at-bogus',
    id_token: 'id-bogus',
    token_type: 'bearer',
    expires_in: expiresIn,
    refresh_token: 'rt-bogus',
  };
  return grantedSession(sid, CLIENT, tokens, fief.claims());
}

describe.each([
  ['no shared storage', false],
  ['shared storage', true],
])('%s: a bogus newer sign-in replacing the live one', (_, withShared) => {
  it('leaves the generation the tabs held alive: a page that kept it goes on, and the tabs adopt it again', async () => {
    const fief = new StubFief();
    const tabs = new InTestTabs();
    const shared = withShared ? new MemoryStorage() : null;
    const another = anotherTabOn(tabs);
    const x = tab(fief, tabs, fief.session('sid-1'), shared, 10, { channel: another.channel });
    const y = tab(fief, tabs, null, shared);
    x.auth.start();
    y.auth.start();
    // Two refreshes (every 50 s): the tabs hold generation 2 of sign-in 1, rt-3.
    await vi.advanceTimersByTimeAsync(101_000);
    const live = loadSession(x.storage, NS, CLIENT);
    expect(live).toMatchObject({ sid: 'sid-1', generation: 2, refreshToken: 'rt-3' });
    expect(loadSession(y.storage, NS, CLIENT)?.generation).toBe(2);
    // A page that holds it and hears nothing (in the back-forward cache).
    const z = tab(fief, tabs, live, shared);
    // The bogus sign-in, due at once: both tabs adopt it, send its refresh token, and Fief refuses it.
    vi.setSystemTime(Date.now() + 1_000);
    const bogus = bogusSignIn(fief, 'sid-9', 5);
    another.post({ p: 'fief-spa/1', from: 'x', kind: 'session', session: bogus });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fief.sent).toContain('rt-bogus');
    for (const t of [x, y]) expect(loadSession(t.storage, NS, CLIENT)?.sid).not.toBe('sid-1');
    // The page comes back with generation 2: it is not told it ended, refreshes it when due, and the tabs adopt it.
    z.auth.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(z.auth.getSnapshot().status).toBe('authenticated');
    expect(loadSession(z.storage, NS, CLIENT)).toMatchObject({ sid: 'sid-1', generation: 3 });
    expect(fief.sent.filter((rt) => rt !== 'rt-bogus')).toEqual(['rt-1', 'rt-2', 'rt-3']);
    for (const t of [x, y])
      expect(loadSession(t.storage, NS, CLIENT)).toMatchObject({ sid: 'sid-1', generation: 3 });
    for (const t of [x, y, z]) t.auth.dispose();
  });
});
