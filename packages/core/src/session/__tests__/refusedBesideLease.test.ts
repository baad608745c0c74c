/**
 * Without Web Locks, the lease that lets one tab at a time refresh is exclusive only while a write reaches the other
 * tabs within half its settle (`leaseLock.ts`): slower (a starved machine, an old browser's slow storage), two tabs may
 * send the same refresh token. Fief answers the first and refuses the second (`invalid_grant`): it deletes a used
 * refresh token, and keeps the tokens it answered with. The tab refused must not end the sign-in everywhere then: the
 * other tab's answer is on its way.
 */
import { expect, it, vi } from 'vitest';
import { LaggingSharedStorage } from './laggingSharedStorage.js';
import { useModelClock } from './modelRun.js';
import {
  answerLate,
  expectBothKeptTheSignIn,
  tabWithoutLock,
  type WatchedTab,
  watched,
} from './refusedBesideKit.js';
import { InTestTabs, StubFief, tab } from './stubFiefKit.js';

useModelClock();

/** Two tabs signed in with rt-1, whose storage writes and messages take `lagMs` to reach each other. */
async function twoTabsLagging(fief: StubFief, lagMs: number, session = fief.session()) {
  const tabs = new InTestTabs();
  tabs.latencyMs = lagMs;
  const shared = new LaggingSharedStorage(lagMs);
  const pages = [0, 1].map(() => tabWithoutLock(fief, session, tabs, shared.view()));
  await vi.advanceTimersByTimeAsync(2 * lagMs + 100);
  return pages as [WatchedTab, WatchedTab];
}

it('two tabs sent rt-1 past the lease bound: the tab Fief refused adopts the other tab answer, and nobody is signed out', async () => {
  const fief = new StubFief();
  fief.refusesReuse = true;
  fief.latencyMs = 100;
  const [a, b] = await twoTabsLagging(fief, 400);
  const ta = a.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(50);
  const tb = b.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(10_000);
  // The bound was passed: both tabs sent rt-1 (the lease cannot know better).
  expect(fief.sent).toEqual(['rt-1', 'rt-1']);
  await expectBothKeptTheSignIn([a, b], [ta, tb]);
});

it('a refresh token Fief refused, and no other tab sent it (the sign-in was revoked): the sign-in still ends in every tab', async () => {
  const fief = new StubFief();
  fief.refusesReuse = true;
  const revoked = { ...fief.session(), refreshToken: 'rt-revoked' };
  const [a, b] = await twoTabsLagging(fief, 400, revoked);
  const ta = a.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(5_000);
  expect(fief.sent).toEqual(['rt-revoked']);
  await expect(ta).resolves.toBeNull();
  expect(a.auth.getSnapshot().status).toBe('anonymous');
  expect(b.auth.getSnapshot().status).toBe('anonymous');
  a.auth.dispose();
  b.auth.dispose();
});

it('with Web Locks but no shared storage, news slower than the lock holds it: the tab refused keeps the other tab session', async () => {
  // No spent mark: the tab that refreshed holds the lock 0.5 s more, for its news to land in the next tab first.
  // Messages taking 800 ms (a starved machine), the next tab sends rt-1 too.
  const fief = new StubFief();
  fief.refusesReuse = true;
  fief.latencyMs = 100;
  const tabs = new InTestTabs();
  tabs.latencyMs = 800;
  const session = fief.session();
  const [a, b] = [0, 1].map(() => watched(tab(fief, tabs, session, null).auth)) as [WatchedTab, WatchedTab];
  await vi.advanceTimersByTimeAsync(2_000);
  const ta = a.auth.getAccessToken({ forceRefresh: true });
  const tb = b.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(10_000);
  expect(fief.sent).toEqual(['rt-1', 'rt-1']);
  await expectBothKeptTheSignIn([a, b], [ta, tb]);
});

it('the answer of the tab Fief answered takes 4 s more than the refusal (a stalled connection): nobody is signed out', async () => {
  const fief = new StubFief();
  fief.refusesReuse = true;
  fief.latencyMs = 100;
  answerLate(fief, 4_000);
  const [a, b] = await twoTabsLagging(fief, 400);
  const ta = a.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(50);
  const tb = b.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(40_000);
  expect(fief.sent).toEqual(['rt-1', 'rt-1']);
  await expectBothKeptTheSignIn([a, b], [ta, tb]);
});

it('both tabs sent a refresh token Fief refused (the sign-in was revoked): each waits on the other no longer than its answer, and the sign-in ends', async () => {
  const fief = new StubFief();
  fief.refusesReuse = true;
  fief.latencyMs = 1_500;
  const revoked = { ...fief.session(), refreshToken: 'rt-revoked' };
  const [a, b] = await twoTabsLagging(fief, 400, revoked);
  const ta = a.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(50);
  const tb = b.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(6_000);
  expect(fief.sent).toEqual(['rt-revoked', 'rt-revoked']);
  await expect(ta).resolves.toBeNull();
  await expect(tb).resolves.toBeNull();
  expect(a.auth.getSnapshot().status).toBe('anonymous');
  expect(b.auth.getSnapshot().status).toBe('anonymous');
  a.auth.dispose();
  b.auth.dispose();
});
