/**
 * A tab that resumes (woken from sleep, or `pageshow` from the back-forward cache: the same resume) may have missed
 * another tab's refresh, as a provider that mounted a moment ago may. Without shared storage (no spent mark), it asks
 * the tabs before it spends its refresh token: its earlier question no longer counts (`TabSync.behind`). Found by
 * helper 42: the resumed tab was "caught up" at once and sent the refresh token the other tab had spent.
 */
import { afterEach, expect, it, vi } from 'vitest';
import type { BroadcastChannelLike } from '../tabSync.js';
import { useModelClock } from './modelRun.js';
import { InTestTabs, StubFief, tab } from './stubFiefKit.js';

useModelClock();

let perf = 0;
afterEach(() => vi.restoreAllMocks());

it('no shared storage: a tab that wakes with its refresh due asks the tabs before it spends rt-1 (A spent it)', async () => {
  vi.spyOn(performance, 'now').mockImplementation(() => perf);
  const fief = new StubFief();
  const tabs = new InTestTabs();
  tabs.latencyMs = 20; // messages take milliseconds
  let deaf = false; // B asleep / in the back-forward cache: what the channel carries meanwhile never reaches it
  const channel = (name: string): BroadcastChannelLike => {
    const c = tabs.channel(name) as BroadcastChannelLike & { receive(data: unknown): void };
    const receive = c.receive.bind(c);
    c.receive = (data: unknown) => {
      if (!deaf) receive(data);
    };
    return c;
  };
  const session = fief.session();
  const a = tab(fief, tabs, session, null);
  const b = tab(fief, tabs, session, null, 10, { channel });
  a.auth.start();
  b.auth.start();
  await vi.advanceTimersByTimeAsync(100);
  perf = 60_000; // both pages have run a minute: caught up
  deaf = true;
  const refreshed = a.auth.getAccessToken({ forceRefresh: true }); // A spends rt-1, B misses the news
  await vi.advanceTimersByTimeAsync(1_000);
  await expect(refreshed).resolves.toBe('at-2');
  expect(fief.sent).toEqual(['rt-1']);
  // B wakes 2 min of wall clock later (its refresh timer fires late: `woke`, the path `pageshow` takes too).
  deaf = false;
  vi.setSystemTime(Date.now() + 120_000);
  perf += 120_000;
  await vi.advanceTimersByTimeAsync(90_000);
  expect(fief.sent).toEqual(fief.sent.map((_, index) => `rt-${index + 1}`)); // each token sent once, in turn
  expect(fief.sent.filter((token) => token === 'rt-1')).toHaveLength(1); // rt-1 never sent again
  expect(b.auth.getSnapshot()).toMatchObject({ status: 'authenticated', error: null });
});
