/**
 * A question's `holds` is untrusted: a tab of a buggy release, or garbage on the channel, may name a live sign-in with
 * a creation time before a sign-out this tab made. The tab that signed out and since adopted that later sign-in
 * uses it: it does not tell the other tabs that it ended.
 */
import { expect, it, vi } from 'vitest';
import { useModelClock } from './modelRun.js';
import { anotherTabOn, InTestTabs, StubFief, tab } from './stubFiefKit.js';

useModelClock();

it('no shared storage: a question naming the live sign-in with a forged creation time ends it nowhere', async () => {
  const fief = new StubFief();
  const tabs = new InTestTabs();
  const another = anotherTabOn(tabs);
  const a = tab(fief, tabs, fief.session('sid-1'), null, 10, { channel: another.channel });
  a.auth.start();
  await vi.advanceTimersByTimeAsync(100);
  await a.auth.logout('https://app.test/').catch(() => {});
  await vi.advanceTimersByTimeAsync(1_000);
  // The user signs in again in tab B; A adopts the new sign-in.
  const b = tab(fief, tabs, fief.session('sid-2'), null);
  b.auth.start();
  await vi.advanceTimersByTimeAsync(1_000);
  expect(a.auth.getSnapshot().status).toBe('authenticated');
  const forged = {
    p: 'fief-spa/1',
    from: 'x',
    kind: 'query',
    holds: { sid: 'sid-2', generation: 0, createdAt: 0 },
  };
  another.post(forged);
  await vi.advanceTimersByTimeAsync(1_000);
  expect(a.auth.getSnapshot().status).toBe('authenticated');
  expect(b.auth.getSnapshot().status).toBe('authenticated');
  a.auth.dispose();
  b.auth.dispose();
});
