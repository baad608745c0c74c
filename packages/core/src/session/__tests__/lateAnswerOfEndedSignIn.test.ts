/**
 * A tab that holds no session yet (a new tab asking the others) records the sign-in another tab signed out of, as a
 * tab holding it does. It recorded nothing: another tab's answer to its query, posted just before that tab heard the
 * sign-out and landing after it (messages of different tabs have no order between them), was adopted. Without shared
 * storage (no logout mark) the new tab came up signed in to the ended sign-in (found by a review, h37 finding 4).
 * Only that sign-in is refused: a new one has its own `sid`.
 */
import { expect, it, vi } from 'vitest';
import { useModelClock } from './modelRun.js';
import { tab, twoTabs } from './stubFiefKit.js';

useModelClock();

it('no shared storage: new tab C hears B’s sign-out before A’s answer posted just before it: C stays signed out', async () => {
  const { fief, tabs, a, b } = await twoTabs(null, { mounted: true });
  b.auth.dispose(); // B's provider unmounted (it answers no query); its user is about to sign out
  const c = tab(fief, tabs, null, null);
  c.auth.start(); // C asks the tabs
  for (let i = 0; i < 50; i++) await Promise.resolve();
  expect(tabs.posted).toContainEqual(expect.stringContaining('"query"'));
  tabs.latencyMs = 300; // A's answer to C takes its time (a busy or throttled renderer)...
  await vi.advanceTimersByTimeAsync(1); // ...A hears C's query and posts its session
  tabs.latencyMs = 0;
  await b.auth.logout('https://app.test/').catch(() => {}); // ...and B's sign-out overtakes it
  await vi.advanceTimersByTimeAsync(2_000);
  expect(a.auth.getSnapshot().status).toBe('anonymous');
  expect(c.auth.getSnapshot().status).toBe('anonymous');
  await expect(c.auth.getAccessToken()).resolves.toBeNull();
  a.auth.dispose();
  c.auth.dispose();
});

it('no shared storage: a new tab that heard a sign-out adopts the next sign-in another tab makes', async () => {
  const { fief, tabs, b } = await twoTabs(null);
  const c = tab(fief, tabs, null, null);
  c.auth.start();
  await b.auth.logout('https://app.test/').catch(() => {});
  await vi.advanceTimersByTimeAsync(2_000);
  expect(c.auth.getSnapshot().status).toBe('anonymous');
  // The user signs in again in a new tab D: a new sign-in, told to the other tabs.
  const d = tab(fief, tabs, fief.session('sid-2'), null);
  d.auth.start();
  await vi.advanceTimersByTimeAsync(1_000);
  expect(c.auth.getSnapshot().status).toBe('authenticated');
  c.auth.dispose();
  d.auth.dispose();
});
