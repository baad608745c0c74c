/**
 * A tab passes on a copy of another sign-in it adopts (`handleTabMessage`), and tells the end of a sign-in it knows
 * ended to a tab that sends a copy of it. Copies from a hostile or buggy sender, alternating between sign-ins (an
 * older one, the live one, one signed out), make the tabs answer each copy a bounded number of times: no tab answers
 * another tab's answer back and forth, and the live sign-in stays where it was.
 */
import { describe, expect, it, vi } from 'vitest';
import { loadSession } from '../sessionStore.js';
import { MemoryStorage } from '../storage.js';
import { useModelClock } from './modelRun.js';
import { anotherTabOn, CLIENT, InTestTabs, NS, StubFief, tab } from './stubFiefKit.js';

useModelClock();

describe.each([
  ['no shared storage', false],
  ['shared storage', true],
])('%s: copies of three sign-ins, alternating', (_, withShared) => {
  it('are answered a bounded number of times, and the tabs keep the live sign-in', async () => {
    const fief = new StubFief();
    const tabs = new InTestTabs();
    const shared = withShared ? new MemoryStorage() : null;
    const another = anotherTabOn(tabs);
    // Sign-in 0, signed out in tab X; then the user signs in (sign-in 1) and again (sign-in 2, the live one).
    const signedOut = fief.session('sid-0');
    const x = tab(fief, tabs, signedOut, shared, 10, { channel: another.channel });
    x.auth.start();
    await vi.advanceTimersByTimeAsync(100);
    await x.auth.logout('https://app.test/').catch(() => {});
    await vi.advanceTimersByTimeAsync(1_000);
    const older = fief.session('sid-1');
    await vi.advanceTimersByTimeAsync(1_000);
    const live = fief.session('sid-2');
    const y = tab(fief, tabs, live, shared);
    y.auth.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(loadSession(x.storage, NS, CLIENT)?.sid).toBe('sid-2');
    const before = tabs.posted.length;
    const copies = 300;
    for (let n = 0; n < copies; n += 1) {
      const session = [signedOut, older, live][n % 3];
      another.post({ p: 'fief-spa/1', from: 'hostile', kind: 'session', session });
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(5_000);
    const answers = tabs.posted.slice(before).filter((data) => !String(data).includes('"from":"hostile"'));
    // At most one answer of each tab to each copy (today: the end of the signed-out sign-in, by the tabs that know it),
    // and no end told of another sign-in.
    const told = answers.map((data) => JSON.parse(String(data)));
    expect(told.length).toBeLessThanOrEqual(2 * copies);
    for (const message of told.filter(({ kind }) => kind === 'logout'))
      expect(message).toMatchObject({ sid: 'sid-0', generation: null });
    expect(told.filter(({ kind }) => kind === 'logout').length).toBeGreaterThan(0);
    for (const t of [x, y]) {
      expect(t.auth.getSnapshot().status).toBe('authenticated');
      expect(loadSession(t.storage, NS, CLIENT)?.sid).toBe('sid-2');
    }
    expect(new Set(fief.sent).size).toBe(fief.sent.length);
    for (const t of [x, y]) t.auth.dispose();
  });
});
