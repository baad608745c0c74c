/**
 * A disposed engine whose session came from a refresh keeps one link open and answers the tabs until that sign-in
 * ends (`TabLink`): one link per page however often its provider remounts, none that keeps a Node process alive, and,
 * once signed out with no storage shared by the tabs, one per page that tells the end to a tab that missed it.
 */
import { expect, it, vi } from 'vitest';
import type { FiefAuth } from '../fiefAuth.js';
import { saveSession } from '../sessionSave.js';
import { loadSession } from '../sessionStore.js';
import { MemoryStorage } from '../storage.js';
import { useModelClock } from './modelRun.js';
import { CLIENT, InTestTabs, NS, StubFief, tab } from './stubFiefKit.js';

useModelClock();

/** A provider mounted in one page: a new engine over the page's `sessionStorage` each time. */
function mountInPage(fief: StubFief, tabs: InTestTabs, storage: MemoryStorage): FiefAuth {
  const { auth } = tab(fief, tabs, null, null, 10, { storage });
  auth.start();
  return auth;
}

it('engines of one page, each refreshed or not and disposed, keep one link open between them, the newest', async () => {
  const fief = new StubFief();
  const tabs = new InTestTabs();
  const page = new MemoryStorage();
  saveSession(page, NS, fief.session());
  const first = mountInPage(fief, tabs, page);
  await vi.advanceTimersByTimeAsync(100);
  first.dispose();
  expect(tabs.openChannels).toBe(0); // nothing spent yet: no tab can hold a spent refresh token
  const refreshed = first.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(1_000);
  await expect(refreshed).resolves.toBe('at-2');
  expect(tabs.openChannels).toBe(1); // disposed, it answers with at-2
  for (let remount = 0; remount < 3; remount += 1) {
    const again = mountInPage(fief, tabs, page); // reads at-2 from the page's storage
    await vi.advanceTimersByTimeAsync(100);
    again.dispose();
    expect(tabs.openChannels).toBe(1);
  }
  const last = mountInPage(fief, tabs, page);
  await vi.advanceTimersByTimeAsync(100);
  const again = last.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(1_000);
  await expect(again).resolves.toBe('at-3');
  last.dispose();
  expect(tabs.openChannels).toBe(1); // the last one answers with at-3; the first one stopped
  // Another tab with nothing stored asks, and gets the newest session.
  const other = tab(fief, tabs, null, null);
  other.auth.start();
  await vi.advanceTimersByTimeAsync(1_000);
  expect(other.auth.getSnapshot().tokenInfo?.access_token).toBe('at-3');
  // Signed out there: no storage is shared, so both pages keep one link open, to tell the end to a tab that missed it.
  const kept = loadSession(page, NS, CLIENT);
  await other.auth.logout('https://app.example/');
  await vi.advanceTimersByTimeAsync(1_000);
  other.auth.dispose();
  expect(tabs.openChannels).toBe(2);
  const late = tab(fief, tabs, kept, null);
  late.auth.start(); // a page that kept at-3 through the sign-out (in the back-forward cache)
  await vi.advanceTimersByTimeAsync(1_000);
  expect(late.auth.getSnapshot().status).toBe('anonymous');
  expect(fief.sent).toEqual(['rt-1', 'rt-2']);
});

it('the link a disposed engine answers on does not keep a Node process alive; started again, it does', async () => {
  const fief = new StubFief();
  const tabs = new InTestTabs();
  const calls: string[] = [];
  // Node's BroadcastChannel keeps the process alive until `unref()`.
  const channel = (name: string) =>
    Object.assign(tabs.channel(name), { ref: () => calls.push('ref'), unref: () => calls.push('unref') });
  const { auth } = tab(fief, tabs, fief.session(), null, 10, { channel });
  auth.start();
  await vi.advanceTimersByTimeAsync(100);
  expect(calls.at(-1)).toBe('ref');
  auth.dispose();
  const refreshed = auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(1_000);
  await expect(refreshed).resolves.toBe('at-2');
  expect(tabs.openChannels).toBe(1);
  expect(calls.at(-1)).toBe('unref');
  auth.start();
  await vi.advanceTimersByTimeAsync(100);
  expect(calls.at(-1)).toBe('ref');
  auth.dispose();
});
