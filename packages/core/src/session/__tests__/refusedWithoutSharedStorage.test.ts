/**
 * Without Web Locks and without storage shared by the tabs, there is no lock at all: two tabs due together both send
 * the refresh token, every time. Fief answers one and refuses the other (`invalid_grant`); the tab refused waits
 * for the other tab's new session (`spentBeside.ts`). No spent mark tells it that tab's request is on its way, slower
 * than the refusal: that tab says so when asked.
 */
import { expect, it, vi } from 'vitest';
import { useModelClock } from './modelRun.js';
import { answerLate, bothSendRt1, otherThanSignedIn, tabsWithoutLock } from './refusedBesideKit.js';
import { InTestTabs, NS, StubFief } from './stubFiefKit.js';

useModelClock();

it('the answer of the tab Fief answered takes 4 s more than the refusal: nobody is signed out', async () => {
  const fief = new StubFief();
  fief.refusesReuse = true;
  fief.latencyMs = 100;
  answerLate(fief, 4_000);
  const pages = tabsWithoutLock(fief, fief.session());
  // Both due at 50 s (a 60 s token, a 10 s margin): both send rt-1.
  await vi.advanceTimersByTimeAsync(58_000);
  expect(fief.sent).toEqual(['rt-1', 'rt-1']);
  for (const page of pages) {
    expect(page.auth.getSnapshot().status).toBe('authenticated');
    expect(otherThanSignedIn(page)).toEqual([]);
    page.auth.dispose();
  }
});

it('a tab that answers every question that it spends the refresh token (buggy or hostile) keeps a revoked sign-in no longer than a request may take', async () => {
  const fief = new StubFief();
  fief.refusesReuse = true;
  const tabs = new InTestTabs();
  const revoked = { ...fief.session(), refreshToken: 'rt-revoked' };
  const [a, b] = tabsWithoutLock(fief, revoked, tabs);
  const liar = tabs.channel(`fief-spa/1:${NS}`);
  liar.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { kind: string; holds?: unknown };
    if (message.kind !== 'query' || message.holds == null) return;
    liar.postMessage(
      JSON.stringify({ p: 'fief-spa/1', from: 'liar', kind: 'spending', spends: message.holds }),
    );
  });
  await vi.advanceTimersByTimeAsync(1_000);
  const refused = a?.auth.getAccessToken({ forceRefresh: true });
  // As long as a token request may take (30 s) and a few seconds: then the sign-in ends, in every tab.
  await vi.advanceTimersByTimeAsync(40_000);
  await expect(refused).resolves.toBeNull();
  expect(fief.sent).toEqual(['rt-revoked']);
  expect(a?.auth.getSnapshot().status).toBe('anonymous');
  expect(b?.auth.getSnapshot().status).toBe('anonymous');
  liar.close();
  a?.auth.dispose();
  b?.auth.dispose();
});

it('a sign-out in a third tab while the refused tab waits for the slow answer ends the sign-in at once, and the answer does not bring it back', async () => {
  const fief = new StubFief();
  fief.refusesReuse = true;
  fief.latencyMs = 100;
  answerLate(fief, 15_000);
  const [a, b, c] = tabsWithoutLock(fief, fief.session(), new InTestTabs(), 3);
  if (a === undefined || b === undefined || c === undefined) throw new Error('expected three tabs');
  c.auth.dispose(); // not due with the others: it only signs out
  const ta = a.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(50);
  const tb = b.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(5_000); // b was refused, and waits for a's answer
  expect(fief.sent).toEqual(['rt-1', 'rt-1']);
  await c.auth.logout('https://app.test/').catch(() => {});
  await vi.advanceTimersByTimeAsync(1_000);
  expect(a.auth.getSnapshot().status).toBe('anonymous');
  expect(b.auth.getSnapshot().status).toBe('anonymous');
  await expect(tb).resolves.toBeNull();
  await vi.advanceTimersByTimeAsync(20_000); // a's answer came
  await expect(ta).resolves.toBeNull();
  expect(a.auth.getSnapshot().status).toBe('anonymous');
  expect(b.auth.getSnapshot().status).toBe('anonymous');
  a.auth.dispose();
  b.auth.dispose();
});

it('the tab whose answer is slow unmounts its provider meanwhile: it still says its request is on its way, and nobody is signed out', async () => {
  const { fief, a, b, tb } = await bothSendRt1();
  await vi.advanceTimersByTimeAsync(1_000);
  a.auth.dispose();
  await vi.advanceTimersByTimeAsync(20_000);
  expect(fief.sent).toEqual(['rt-1', 'rt-1']);
  await expect(tb).resolves.toBe('at-2');
  expect(otherThanSignedIn(b)).toEqual([]);
  b.auth.dispose();
});
