/**
 * e07a1b5's margin at its edge: without shared storage, a tab holding a later sign-in without a refresh token keeps
 * quiet about a generation it spent of the sign-in before when the later one has 5 s left (`tellEnded`). An answer
 * that takes longer to land (the asking page busy) finds the later sign-in expired: the asker refuses it, keeps the
 * spent generation, and must not send its refresh token again when it is due, long after.
 */

import { expect, it, vi } from 'vitest';
import { loadSession } from '../sessionStore.js';
import { useModelClock } from './modelRun.js';
import { CLIENT, InTestTabs, NS, StubFief, tab } from './stubFiefKit.js';

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
