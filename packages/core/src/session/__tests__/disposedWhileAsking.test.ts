/**
 * Without shared storage, a tab whose refresh is due may ask the other tabs before it spends its refresh token, and
 * wait for their news (an answer it refused puts it behind). An engine disposed during that wait (its tab closing, its
 * provider unmounting) must not spend the token: its answer would reach no tab, as for an engine disposed before.
 * Giving up must not cost liveness: a provider mounted again (React StrictMode) refreshes, and so does a call of the
 * app on the disposed engine (a loader, an `authFetch` retrying a 401).
 */

import { expect, it, vi } from 'vitest';
import { useModelClock } from './modelRun.js';
import { expiredLaterSignInAnswerer, InTestTabs, StubFief, type Tab, tab } from './stubFiefKit.js';

useModelClock();

/**
 * Tab C, signed in with rt-1 (due at 50 s: a 60 s token, a 10 s margin), beside a tab whose every answer is a later
 * sign-in C refuses (expired): C, due, asks the tabs and waits before it spends.
 */
function askingTab(): { fief: StubFief; c: Tab; close: () => void } {
  const fief = new StubFief();
  const tabs = new InTestTabs();
  const c = tab(fief, tabs, fief.session('sid-1'), null);
  const odd = expiredLaterSignInAnswerer(fief, tabs);
  return { fief, c, close: odd.close };
}

it('an engine disposed while it waits for the tabs before spending sends no refresh token', async () => {
  const { fief, c, close } = askingTab();
  c.auth.start();
  await vi.advanceTimersByTimeAsync(50_200); // due: behind, it asks the tabs and waits for their news
  expect(fief.sent).toEqual([]);
  c.auth.dispose(); // its tab closes during the wait
  await vi.advanceTimersByTimeAsync(5_000);
  expect(fief.sent).toEqual([]);
  close();
});

it('a provider unmounted and mounted again during the wait (StrictMode) refreshes, once, and goes on refreshing', async () => {
  const { fief, c, close } = askingTab();
  c.auth.start();
  await vi.advanceTimersByTimeAsync(50_200);
  c.auth.dispose();
  c.auth.start();
  await vi.advanceTimersByTimeAsync(5_000);
  expect(fief.sent).toEqual(['rt-1']);
  await vi.advanceTimersByTimeAsync(60_000); // the next refresh was planned: it sends the refresh token Fief issued
  expect(fief.sent).toHaveLength(2);
  expect(new Set(fief.sent).size).toBe(2);
  expect(c.auth.getSnapshot().status).toBe('authenticated');
  c.auth.dispose();
  close();
});

it('a provider mounted again just after the refresh gave up refreshes', async () => {
  const { fief, c, close } = askingTab();
  c.auth.start();
  await vi.advanceTimersByTimeAsync(50_200);
  c.auth.dispose();
  await vi.advanceTimersByTimeAsync(301); // the wait is over: it gave up
  expect(fief.sent).toEqual([]);
  c.auth.start();
  await vi.advanceTimersByTimeAsync(5_000);
  expect(fief.sent).toEqual(['rt-1']);
  expect(c.auth.getSnapshot().status).toBe('authenticated');
  c.auth.dispose();
  close();
});

it('a forced getAccessToken on an engine disposed during the wait gets a new token', async () => {
  const { fief, c, close } = askingTab();
  c.auth.start();
  await vi.advanceTimersByTimeAsync(50_200);
  c.auth.dispose();
  let token: string | null | undefined;
  c.auth.getAccessToken({ forceRefresh: true }).then((t) => {
    token = t;
  });
  await vi.advanceTimersByTimeAsync(5_000);
  expect(fief.sent).toEqual(['rt-1']);
  expect(token).toMatch(/^at-/);
  expect(token).not.toBe('at-1'); // the token an API refused
  close();
});
