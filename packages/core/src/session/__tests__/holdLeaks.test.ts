/**
 * Holds on the link to the other tabs (`TabLink.hold`) never leak a channel: whatever the order
 * of refreshes (disposed or not), remounts and waits, a disposed engine keeps one channel open, the one it answers
 * the tabs on with the session its refresh brought (`TabLink`), and closes it when that sign-in ends, unless no
 * storage is shared by the tabs: then it stays open to tell the end to a tab that missed it.
 */
import { expect, it, vi } from 'vitest';
import { MemoryStorage } from '../storage.js';
import { useModelClock } from './modelRun.js';
import { InTestTabs, StubFief, tab, twoTabs } from './stubFiefKit.js';

useModelClock();

type Step = 'refresh' | 'start' | 'stop' | 'wait10' | 'wait30';
const plans: Step[][] = [
  ['refresh', 'start', 'stop'],
  ['refresh', 'start', 'wait30', 'stop'],
  ['refresh', 'start', 'wait10', 'stop', 'refresh', 'start', 'stop'],
  ['refresh', 'wait10', 'refresh', 'start', 'wait30', 'stop'],
  ['start', 'stop', 'refresh', 'start', 'stop', 'start', 'stop'],
  ['refresh', 'start', 'stop', 'wait30', 'start', 'wait10', 'stop'],
];

for (const sharedStorage of [false, true]) {
  for (const plan of plans) {
    const afterSignOut = sharedStorage ? 0 : 1;
    it(`${sharedStorage ? 'shared' : 'no shared'} storage: ${plan.join(', ')}: one channel open, ${afterSignOut} after a sign-out`, async () => {
      const fief = new StubFief();
      const tabs = new InTestTabs();
      const shared = sharedStorage ? new MemoryStorage() : null;
      const session = fief.session();
      const a = tab(fief, tabs, session, shared);
      a.auth.start();
      await vi.advanceTimersByTimeAsync(100);
      a.auth.dispose();
      let started = false;
      for (const step of plan) {
        if (step === 'refresh') void a.auth.getAccessToken({ forceRefresh: true });
        if (step === 'start') {
          a.auth.start();
          started = true;
        }
        if (step === 'stop') {
          a.auth.dispose();
          started = false;
        }
        await vi.advanceTimersByTimeAsync(step === 'wait10' ? 10_000 : step === 'wait30' ? 30_000 : 1_000);
      }
      expect(started).toBe(false);
      await vi.advanceTimersByTimeAsync(200_000);
      expect(tabs.openChannels).toBe(1);
      expect(new Set(fief.sent).size).toBe(fief.sent.length);
      await a.auth.logout('https://app.example/');
      await vi.advanceTimersByTimeAsync(1_000);
      // Without shared storage, the one channel tells the end to a tab that missed it (no logout mark would).
      expect(tabs.openChannels).toBe(afterSignOut);
    });
  }
}

it('a sign-out in B reaches disposed A inside its answer window (no shared storage)', async () => {
  const { a, b } = await twoTabs(null, { mounted: true });
  a.auth.dispose();
  const t1 = a.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(1_000);
  await expect(t1).resolves.toBe('at-2');
  a.auth.start();
  await vi.advanceTimersByTimeAsync(1_000);
  a.auth.dispose();
  await vi.advanceTimersByTimeAsync(1_000);
  void b.auth.logout('https://app.example/');
  await vi.advanceTimersByTimeAsync(1_000);
  expect(a.auth.getSnapshot().status).toBe('anonymous');
  await expect(a.auth.getAccessToken()).resolves.toBeNull();
});
