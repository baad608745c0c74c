/**
 * A refresh whose answer lands after the machine slept: the new access token counts its lifetime from the request,
 * so it lands expired. The app's call (here made after the provider unmounted, a loader after wake-up) gets a valid
 * token with one more refresh, rather than `null` and the login page (helper 25, finding 6).
 */
import { expect, it, vi } from 'vitest';
import { MemoryStorage } from '../storage.js';
import { useModelClock } from './modelRun.js';
import { InTestTabs, StubFief, tab } from './stubFiefKit.js';

useModelClock();

it('a forced call after the unmount gets a valid token when the answer in flight lands expired', async () => {
  const fief = new StubFief();
  fief.latencyMs = 5_000;
  const a = tab(fief, new InTestTabs(), fief.session(), new MemoryStorage());
  vi.setSystemTime(Date.now() + 55_000);
  a.auth.start();
  await vi.advanceTimersByTimeAsync(100); // rt-1 sent, answer on its way
  vi.setSystemTime(Date.now() + 120_000); // the machine slept
  a.auth.dispose();
  const token = a.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(20_000);
  await expect(token).resolves.toBe('at-3');
  expect(fief.sent).toEqual(['rt-1', 'rt-2']);
});
