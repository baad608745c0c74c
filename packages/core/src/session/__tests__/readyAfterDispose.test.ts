/**
 * `ready()` of an engine disposed while `loading` (the provider unmounted while a router loader awaits it): nothing
 * else settles a disposed engine, so the wait refreshes a stored session on demand, or settles without one (helper 25,
 * finding 3). It used to wait for good.
 */
import { expect, it, vi } from 'vitest';
import { MemoryStorage } from '../storage.js';
import { useModelClock } from './modelRun.js';
import { InTestTabs, StubFief, tab } from './stubFiefKit.js';

useModelClock();

it('stored expired session, refresh abandoned by the unmount: ready() settles', async () => {
  const fief = new StubFief();
  const session = fief.session();
  let arrive = (): void => {};
  fief.validation = new Promise<void>((r) => {
    arrive = r;
  });
  vi.setSystemTime(Date.now() + 61_000); // expired: 'loading' until refreshed
  const a = tab(fief, new InTestTabs(), session, new MemoryStorage());
  a.auth.start();
  expect(a.auth.getSnapshot().status).toBe('loading');
  let settled = false;
  void a.auth.ready().then(() => {
    settled = true;
  });
  await vi.advanceTimersByTimeAsync(100);
  a.auth.dispose();
  arrive();
  await vi.advanceTimersByTimeAsync(120_000);
  expect(settled).toBe(true);
});

it('new tab asking the others: ready() settles (without the dispose it settles: anonymous)', async () => {
  const a = tab(new StubFief(), new InTestTabs(), null, new MemoryStorage());
  a.auth.start();
  let settled = false;
  void a.auth.ready().then(() => {
    settled = true;
  });
  await vi.advanceTimersByTimeAsync(10);
  a.auth.dispose();
  await vi.advanceTimersByTimeAsync(120_000);
  expect(settled).toBe(true);
});

it('a Fief whose tokens expire on their way: ready() of a disposed engine settles, and does not ask Fief in a loop', async () => {
  const fief = new StubFief();
  const session = fief.session();
  fief.latencyMs = 1_000;
  fief.ttlSeconds = 0.5;
  vi.setSystemTime(Date.now() + 61_000); // expired: 'loading' until refreshed
  const a = tab(fief, new InTestTabs(), session, new MemoryStorage());
  a.auth.start();
  let settled: string | null = null;
  void a.auth.ready().then((state) => {
    settled = state.status;
  });
  await vi.advanceTimersByTimeAsync(10);
  a.auth.dispose();
  await vi.advanceTimersByTimeAsync(120_000);
  expect(settled).not.toBeNull();
  expect(settled).not.toBe('loading');
  expect(fief.sent.length).toBeLessThanOrEqual(4);
});
