/**
 * Without shared storage (no logout mark), a disposed engine was deaf while its own token request was on its way: a
 * sign-out in another tab meanwhile was missed, and the engine handed out, broadcast and answered with a token of the
 * ended sign-in. It now hears the tabs during the request (found by a review, stop 25).
 */
import { expect, it, vi } from 'vitest';
import { useModelClock } from './modelRun.js';
import { newTabStatus, twoTabs } from './stubFiefKit.js';

useModelClock();

it('no shared storage: B signs out while disposed A’s request is on its way: A ends, and a new tab C stays signed out', async () => {
  const { fief, tabs, a, b } = await twoTabs(null, { mounted: true });
  a.auth.dispose(); // A's provider unmounted
  fief.latencyMs = 5_000;
  const token = a.auth.getAccessToken({ forceRefresh: true }); // A's loader asks (an API refused at-1)
  await vi.advanceTimersByTimeAsync(1_000); // A asked the tabs (500 ms), its request is on its way
  expect(fief.sent).toEqual(['rt-1']);
  await b.auth.logout('https://app.test/').catch(() => {});
  expect(b.auth.getSnapshot().status).toBe('anonymous');
  await vi.advanceTimersByTimeAsync(6_000);
  // B's page comes back from Fief's logout page: a new engine, nothing stored, asks the tabs.
  expect(await newTabStatus(fief, tabs)).toBe('anonymous');
  expect(a.auth.getSnapshot().status).toBe('anonymous');
  await expect(token).resolves.toBeNull();
});
