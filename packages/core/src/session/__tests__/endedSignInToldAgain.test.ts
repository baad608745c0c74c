/**
 * Without shared storage, a sign-out is a message only: a page that could not hear it (in the back-forward cache, its
 * provider unmounted, opened just after) kept the ended session. A tab that knows of the end now tells it again to a
 * tab that names that sign-in (`endedSignIns.ts`), and names only it: another sign-in is kept.
 */
import { expect, it, vi } from 'vitest';
import { loadSession } from '../sessionStore.js';
import { useModelClock } from './modelRun.js';
import { CLIENT, InTestTabs, NS, StubFief, tab, twoTabs } from './stubFiefKit.js';

useModelClock();

/** The logout messages posted so far, parsed. */
function logouts(posted: unknown[]): unknown[] {
  return posted
    .map((data) => (typeof data === 'string' ? JSON.parse(data) : data))
    .filter((message) => message.kind === 'logout')
    .map(({ sid, generation, ended }) => ({ sid, generation, ended }));
}

it('no shared storage: a page that kept the session through a sign-out it could not hear is signed out once it speaks', async () => {
  const { fief, tabs, a, b } = await twoTabs(null, { mounted: true });
  const kept = loadSession(a.storage, NS, CLIENT);
  expect(kept?.sid).toBe('sid-1');
  // C holds the same sign-in, but is not listening (a page in the back-forward cache, a provider unmounted).
  const c = tab(fief, tabs, kept, null);
  await b.auth.logout('https://app.test/').catch(() => {});
  await vi.advanceTimersByTimeAsync(1_000);
  expect(a.auth.getSnapshot().status).toBe('anonymous');
  c.auth.start(); // back: it tells its session and asks the tabs
  await vi.advanceTimersByTimeAsync(2_000);
  expect(c.auth.getSnapshot().status).toBe('anonymous');
  await expect(c.auth.getAccessToken()).resolves.toBeNull();
  // Told again: that sign-in alone, every generation of it.
  expect(logouts(tabs.posted)).toContainEqual({ sid: 'sid-1', generation: null, ended: null });
  for (const t of [a, b, c]) t.auth.dispose();
});

it('no shared storage: a tab that knows a sign-out keeps quiet about another sign-in', async () => {
  const { fief, tabs, a, b } = await twoTabs(null, { mounted: true });
  await b.auth.logout('https://app.test/').catch(() => {});
  await vi.advanceTimersByTimeAsync(1_000);
  const told = logouts(tabs.posted).length;
  // The user signs in again in tab D: a new sign-in, which the tabs that signed out adopt.
  const d = tab(fief, tabs, fief.session('sid-2'), null);
  d.auth.start();
  await vi.advanceTimersByTimeAsync(2_000);
  expect(d.auth.getSnapshot().status).toBe('authenticated');
  expect(a.auth.getSnapshot().status).toBe('authenticated');
  expect(logouts(tabs.posted)).toHaveLength(told);
  for (const t of [a, b, d]) t.auth.dispose();
});

it('no shared storage: a provider unmounted after its sign-out still tells it to a page back with that sign-in', async () => {
  const fief = new StubFief();
  const tabs = new InTestTabs();
  const ended = fief.session();
  const a = tab(fief, tabs, ended, null);
  a.auth.start();
  await vi.advanceTimersByTimeAsync(100);
  await a.auth.logout('https://app.test/').catch(() => {});
  a.auth.dispose(); // the app's route without the provider: no mounted tab knows of the sign-out now
  const back = tab(fief, tabs, ended, null); // a page that kept it (in the back-forward cache)
  back.auth.start();
  await vi.advanceTimersByTimeAsync(2_000);
  expect(back.auth.getSnapshot().status).toBe('anonymous');
  back.auth.dispose();
});

it('no shared storage: an unmounted provider that knows a sign-out keeps quiet about a later sign-in, which goes on', async () => {
  const { fief, tabs, a, b } = await twoTabs(null, { mounted: true });
  await b.auth.logout('https://app.test/').catch(() => {});
  await vi.advanceTimersByTimeAsync(1_000);
  a.auth.dispose();
  b.auth.dispose();
  const d = tab(fief, tabs, fief.session('sid-2'), null);
  d.auth.start();
  await vi.advanceTimersByTimeAsync(2_000);
  // Refreshes go on (every 50 s) while new tabs open, adopt the sign-in and close again.
  for (let opened = 0; opened < 4; opened += 1) {
    const e = tab(fief, tabs, null, null);
    e.auth.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(e.auth.getSnapshot().status).toBe('authenticated');
    e.auth.dispose();
    await vi.advanceTimersByTimeAsync(40_000);
  }
  expect(d.auth.getSnapshot().status).toBe('authenticated');
  expect(fief.sent.length).toBeGreaterThanOrEqual(5);
  expect(new Set(fief.sent).size).toBe(fief.sent.length);
  expect(a.events.some((event) => event.type === 'refresh.started')).toBe(false);
  d.auth.dispose();
});

it('no shared storage: the clock set back after a sign-out, a sign-in made then is kept, and the ended one still told', async () => {
  const { fief, tabs, a, b } = await twoTabs(null, { mounted: true });
  const kept = loadSession(a.storage, NS, CLIENT);
  const c = tab(fief, tabs, kept, null); // holds sid-1, not listening
  await b.auth.logout('https://app.test/').catch(() => {});
  await vi.advanceTimersByTimeAsync(1_000);
  vi.setSystemTime(Date.now() - 60_000); // the machine's clock corrected a minute back
  // The user signs in again in tab D: its sign-in claims a time before B's sign-out.
  const d = tab(fief, tabs, fief.session('sid-2'), null);
  d.auth.start();
  await vi.advanceTimersByTimeAsync(2_000);
  expect(d.auth.getSnapshot().status).toBe('authenticated');
  // Past the sign-out's time again, D asks once more (its provider remounts): still kept.
  await vi.advanceTimersByTimeAsync(120_000);
  d.auth.dispose();
  d.auth.start();
  await vi.advanceTimersByTimeAsync(2_000);
  expect(d.auth.getSnapshot().status).toBe('authenticated');
  expect(logouts(tabs.posted)).not.toContainEqual(expect.objectContaining({ sid: 'sid-2' }));
  // C comes back with sid-1, which B knew it ended by its sid: told.
  c.auth.start();
  await vi.advanceTimersByTimeAsync(2_000);
  expect(loadSession(c.storage, NS, CLIENT)?.sid).not.toBe('sid-1');
  expect(logouts(tabs.posted)).toContainEqual({ sid: 'sid-1', generation: null, ended: null });
  for (const t of [a, b, c, d]) t.auth.dispose();
});
