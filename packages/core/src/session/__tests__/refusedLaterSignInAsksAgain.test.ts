/**
 * Without shared storage, a tab holding a later sign-in keeps quiet about a generation it spent of the sign-in before
 * (`tellEnded`), trusting the asker to adopt the later one. The asker may refuse it: expired on its way (e07a1b5's
 * 5 s margin at its edge: the asking page busy), or ended there by news the sender had not heard yet. It keeps the
 * spent generation, and must not send its refresh token again when it is due: it asks again first (`mayHideAnEnd`),
 * also when that answer lands during the wait before it spends; twice at most, so that no tab keeps it from refreshing.
 */

import { expect, it, vi } from 'vitest';
import { loadSession } from '../sessionStore.js';
import { useModelClock } from './modelRun.js';
import {
  anotherTabOn,
  CLIENT,
  expiredLaterSignInAnswerer,
  InTestTabs,
  NS,
  StubFief,
  tab,
} from './stubFiefKit.js';

useModelClock();

it('an answer with a later sign-in that expires on its way: the asker asks again before it spends (rt-1 sent once)', async () => {
  const fief = new StubFief();
  const tabs = new InTestTabs();
  const first = fief.session('sid-1');
  const a = tab(fief, tabs, first, null);
  const c = tab(fief, tabs, first, null, 1); // a page in the back-forward cache (not started), due 1 s before expiry
  a.auth.start();
  await vi.advanceTimersByTimeAsync(50_500); // A refreshes: rt-1 spent; C's copy is valid 9.5 s more
  expect(fief.sent).toEqual(['rt-1']);
  fief.ttlSeconds = 7;
  const second = { ...fief.session('sid-2'), refreshToken: null }; // a login without offline access
  const d = tab(fief, tabs, second, null);
  d.auth.start();
  await vi.advanceTimersByTimeAsync(500);
  d.auth.dispose();
  a.auth.dispose(); // A answers the tabs, holding sign-in 2 (6.5 s left)
  expect(loadSession(a.storage, NS, CLIENT)?.sid).toBe('sid-2');
  c.auth.start();
  tabs.latencyMs = 7_000; // A answers at once, 6.5 s left: it lands 7 s later, sign-in 2 expired
  await vi.advanceTimersByTimeAsync(100);
  tabs.latencyMs = 0;
  await vi.advanceTimersByTimeAsync(70_000); // C's copy is due just after: it asks first, and is told the end
  expect(fief.sent).toEqual(['rt-1']);
  expect(c.auth.getSnapshot().status).toBe('anonymous');
  for (const t of [a, c]) t.auth.dispose();
});

it('an answer with a later sign-in that ended here just before it landed: the asker asks again before it spends', async () => {
  const fief = new StubFief();
  const tabs = new InTestTabs();
  const b = anotherTabOn(tabs); // a tab the test plays: it heard that sign-in 2 ended
  const first = fief.session('sid-1');
  const a = tab(fief, tabs, first, null, 10, { channel: b.channel });
  const c = tab(fief, tabs, first, null, 1); // in the back-forward cache, due 1 s before expiry
  a.auth.start();
  await vi.advanceTimersByTimeAsync(50_500); // A refreshes: rt-1 spent
  expect(fief.sent).toEqual(['rt-1']);
  const d = tab(fief, tabs, fief.session('sid-2'), null);
  d.auth.start();
  await vi.advanceTimersByTimeAsync(500);
  d.auth.dispose();
  a.auth.dispose(); // A answers the tabs, holding sign-in 2
  expect(loadSession(a.storage, NS, CLIENT)?.sid).toBe('sid-2');
  c.auth.start(); // C asks, naming generation 0 of sign-in 1
  for (let i = 0; i < 50; i++) await Promise.resolve();
  tabs.latencyMs = 300;
  await vi.advanceTimersByTimeAsync(1); // A answers with sign-in 2, keeping quiet about rt-1: on its way 300 ms
  tabs.latencyMs = 0;
  b.post({ p: 'fief-spa/1', from: 'b', kind: 'logout', sid: 'sid-2', generation: null, ended: null });
  await vi.advanceTimersByTimeAsync(20_000); // C refused the answer, then its copy was due
  expect(fief.sent).toEqual(['rt-1']);
  expect(c.auth.getSnapshot().status).toBe('anonymous');
  for (const t of [a, c]) t.auth.dispose();
});

it('an answer with a later sign-in that ended here lands during the wait before spending: the asker asks again', async () => {
  const fief = new StubFief();
  const tabs = new InTestTabs();
  const b = anotherTabOn(tabs); // a tab the test plays: it heard that sign-in 2 ended
  const first = fief.session('sid-1');
  const a = tab(fief, tabs, first, null, 10, { channel: b.channel });
  const c = tab(fief, tabs, first, null); // in the back-forward cache, due at once once back
  a.auth.start();
  await vi.advanceTimersByTimeAsync(50_500); // A refreshes: rt-1 spent
  expect(fief.sent).toEqual(['rt-1']);
  const d = tab(fief, tabs, fief.session('sid-2'), null);
  d.auth.start();
  await vi.advanceTimersByTimeAsync(500);
  d.auth.dispose();
  a.auth.dispose(); // A answers the tabs, holding sign-in 2
  tabs.latencyMs = 100; // a round trip of 200 ms, well within the wait
  c.auth.start(); // C asks, its refresh due: it asks again and waits before it spends
  await vi.advanceTimersByTimeAsync(150); // A answered with sign-in 2, keeping quiet about rt-1: 50 ms to go
  tabs.latencyMs = 0;
  b.post({ p: 'fief-spa/1', from: 'b', kind: 'logout', sid: 'sid-2', generation: null, ended: null });
  await vi.advanceTimersByTimeAsync(20_000); // C refused the answers during its wait
  expect(fief.sent).toEqual(['rt-1']);
  expect(c.auth.getSnapshot().status).toBe('anonymous');
  for (const t of [a, c]) t.auth.dispose();
});

it('a tab that answers every question with a later sign-in refused here does not keep this one from refreshing', async () => {
  const fief = new StubFief();
  const tabs = new InTestTabs();
  const c = tab(fief, tabs, fief.session('sid-1'), null);
  const odd = expiredLaterSignInAnswerer(fief, tabs); // a buggy or hostile tab
  c.auth.start();
  await vi.advanceTimersByTimeAsync(52_000); // due at 50 s: it asks, twice at most, then spends
  expect(fief.sent).toEqual(['rt-1']);
  expect(odd.answered()).toBe(3); // when its link opened, and twice before it spent
  expect(c.auth.getSnapshot().status).toBe('authenticated');
  c.auth.dispose();
});
