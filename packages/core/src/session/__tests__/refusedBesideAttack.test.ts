/**
 * Attacks on the wait of a refused tab (`spentBeside.ts`): the refused tab goes away and comes back during the wait,
 * and `spending` answers it did not ask for land in between.
 */
import { expect, it, vi } from 'vitest';
import { SPENT_REFRESH_WAIT_MS } from '../spentRefreshWait.js';
import { MemoryStorage } from '../storage.js';
import { useModelClock } from './modelRun.js';
import {
  answerLate,
  bothSendRt1,
  otherThanSignedIn,
  tabsWithoutLock,
  tabWithoutLock,
  type WatchedTab,
  watched,
} from './refusedBesideKit.js';
import { InTestTabs, NS, StubFief, tab } from './stubFiefKit.js';

useModelClock();

it('the refused tab unmounts its provider while it waits: nobody is signed out', async () => {
  const { fief, a, b } = await bothSendRt1();
  await vi.advanceTimersByTimeAsync(1_000);
  expect(fief.sent).toEqual(['rt-1', 'rt-1']);
  b.auth.dispose();
  await vi.advanceTimersByTimeAsync(20_000);
  expect(a.auth.getSnapshot().status).toBe('authenticated');
  expect(otherThanSignedIn(a)).toEqual([]);
  a.auth.dispose();
});

it('the refused tab remounts its provider while it waits (StrictMode): nobody is signed out', async () => {
  const { a, b, tb } = await bothSendRt1();
  await vi.advanceTimersByTimeAsync(1_000);
  b.auth.dispose();
  b.auth.start();
  await vi.advanceTimersByTimeAsync(20_000);
  await expect(tb).resolves.toBe('at-2');
  for (const page of [a, b]) {
    expect(page.auth.getSnapshot().status).toBe('authenticated');
    expect(otherThanSignedIn(page)).toEqual([]);
    page.auth.dispose();
  }
});

it('a spending answer about another sign-in lands during the wait: the refused tab still waits for the answer on its way', async () => {
  const fief = new StubFief();
  fief.refusesReuse = true;
  fief.latencyMs = 100;
  answerLate(fief, 8_000);
  const tabs = new InTestTabs();
  const [a, b] = tabsWithoutLock(fief, fief.session(), tabs);
  if (a === undefined || b === undefined) throw new Error('expected two tabs');
  const other = tabs.channel(`fief-spa/1:${NS}`);
  // Another tab (an older page, of another sign-in) says it spends its own refresh token, a little after each question.
  other.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { kind: string };
    if (message.kind !== 'query') return;
    setTimeout(() => {
      other.postMessage(
        JSON.stringify({
          p: 'fief-spa/1',
          from: 'older',
          kind: 'spending',
          spends: { sid: 'another-sign-in', generation: 3, createdAt: 1 },
        }),
      );
    }, 300);
  });
  void a.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(50);
  const tb = b.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(20_000);
  other.close();
  expect(fief.sent).toEqual(['rt-1', 'rt-1']);
  await expect(tb).resolves.toBe('at-2');
  for (const page of [a, b]) {
    expect(otherThanSignedIn(page)).toEqual([]);
    page.auth.dispose();
  }
});

it('a new sign-in in a third tab while the refused tab waits: every tab keeps the new sign-in, the slow answer is dropped', async () => {
  const tabs = new InTestTabs();
  const { fief, a, b, ta, tb } = await bothSendRt1(tabs);
  await vi.advanceTimersByTimeAsync(2_000); // b was refused, and waits for a's answer
  expect(fief.sent).toEqual(['rt-1', 'rt-1']);
  const second = fief.session('sid-2');
  const d = tabWithoutLock(fief, second, tabs);
  await vi.advanceTimersByTimeAsync(20_000); // a's answer for sign-in 1 came
  await expect(tb).resolves.toBe(second.tokenInfo.access_token);
  await ta;
  for (const page of [a, b, d]) {
    expect(page.auth.getSnapshot().status).toBe('authenticated');
    expect(page.auth.getSnapshot().tokenInfo?.access_token).toBe(second.tokenInfo.access_token);
    page.auth.dispose();
  }
});

it('the session of the tab Fief answered lands before the refusal: the refused tab hands it out at once', async () => {
  const fief = new StubFief();
  fief.refusesReuse = true;
  fief.latencyMs = 100;
  // The second token request (the one refused) is answered 1 s later than the first.
  answerLate(fief, 1_000, (request) => request > 0);
  const [a, b] = tabsWithoutLock(fief, fief.session());
  if (a === undefined || b === undefined) throw new Error('expected two tabs');
  void a.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(50);
  let handed: string | null | undefined;
  void b.auth.getAccessToken({ forceRefresh: true }).then((token) => {
    handed = token;
  });
  await vi.advanceTimersByTimeAsync(2_000);
  expect(fief.sent).toEqual(['rt-1', 'rt-1']);
  // b heard a's session before its refusal (1.7 s in: it asked the tabs 500 ms before it spent): no further wait.
  expect(handed).toBe('at-2');
  for (const page of [a, b]) page.auth.dispose();
});

it('with Web Locks, forged spending answers keep a revoked sign-in alive no longer than a request may take, in every tab', async () => {
  // The refused tab waits for another tab's session whatever lock it held. A same-origin script answering every
  // question with `spending` (the sign-in's names are in storage) holds the lock that long, no longer.
  const fief = new StubFief();
  fief.refusesReuse = true;
  fief.latencyMs = 100;
  const tabs = new InTestTabs();
  tabs.latencyMs = 5;
  const revoked = { ...fief.session(), refreshToken: 'rt-revoked' };
  const shared = new MemoryStorage();
  const [a, b] = [0, 1].map(() => watched(tab(fief, tabs, revoked, shared).auth)) as [WatchedTab, WatchedTab];
  await vi.advanceTimersByTimeAsync(1_000);
  const hostile = tabs.channel(`fief-spa/1:${NS}`);
  const { sid, generation, createdAt } = revoked;
  hostile.addEventListener('message', (event) => {
    if ((JSON.parse(String(event.data)) as { kind: string }).kind !== 'query') return;
    const spending = {
      p: 'fief-spa/1',
      from: 'hostile',
      kind: 'spending',
      spends: { sid, generation, createdAt },
    };
    hostile.postMessage(JSON.stringify(spending));
  });
  const calls = [a, b].map((page) => page.auth.getAccessToken({ forceRefresh: true }));
  await vi.advanceTimersByTimeAsync(SPENT_REFRESH_WAIT_MS + 2_000);
  hostile.close();
  expect(fief.sent).toEqual(['rt-revoked']);
  for (const call of calls) await expect(call).resolves.toBeNull();
  for (const page of [a, b]) {
    expect(page.auth.getSnapshot().status).toBe('anonymous');
    page.auth.dispose();
  }
});
