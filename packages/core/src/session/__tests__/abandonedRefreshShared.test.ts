/**
 * A refresh the engine abandons (it was started while the provider was mounted, and the provider unmounted before
 * it sent anything) must not answer a `getAccessToken()` made after the unmount: that call still wants a token, from
 * a loader or an `authFetch` retrying a 401, and gets one.
 */
import { describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../storage.js';
import { useModelClock } from './modelRun.js';
import { InTestTabs, StubFief, tab } from './stubFiefKit.js';

useModelClock();

/** A tab whose refresh, started while mounted, waits for its validation code when the provider unmounts. */
async function unmountedDuringRefresh() {
  const fief = new StubFief();
  const session = fief.session();
  let validationArrives = (): void => {};
  fief.validation = new Promise<void>((resolve) => {
    validationArrives = resolve;
  });
  const a = tab(fief, new InTestTabs(), session, new MemoryStorage());
  // Due (10 s margin on a 60 s token) but still valid.
  vi.setSystemTime(Date.now() + 55_000);
  a.auth.start();
  await vi.advanceTimersByTimeAsync(100);
  a.auth.dispose();
  return { fief, a, validationArrives };
}

describe('a getAccessToken() after the unmount, while the refresh started before it is abandoned', () => {
  for (const forceRefresh of [true, false]) {
    it(`${forceRefresh ? 'forced' : 'due'}: sends the refresh token once and answers with the new access token`, async () => {
      const { fief, a, validationArrives } = await unmountedDuringRefresh();
      if (!forceRefresh) vi.setSystemTime(Date.now() + 10_000); // expired: a due call must refresh too
      const token = a.auth.getAccessToken({ forceRefresh });
      // The call is waiting with the refresh in flight when the validation code arrives.
      await vi.advanceTimersByTimeAsync(50);
      validationArrives();
      await vi.advanceTimersByTimeAsync(1_000);
      await expect(token).resolves.toBe('at-2');
      expect(fief.sent).toEqual(['rt-1']);
    });
  }
});

describe('a getAccessToken() made while unmounted, around a remount', () => {
  for (const forceRefresh of [true, false]) {
    it(`${forceRefresh ? 'forced' : 'due'}: gets a new token when the provider mounts and unmounts again before the refresh sends (helper 25, finding 1)`, async () => {
      // StrictMode's second mount runs a child's effect before the provider's start(): the call joins the refresh of
      // a running engine, which the next unmount abandons.
      const { fief, a, validationArrives } = await unmountedDuringRefresh();
      if (!forceRefresh) vi.setSystemTime(Date.now() + 10_000);
      const token = a.auth.getAccessToken({ forceRefresh });
      a.auth.start();
      await vi.advanceTimersByTimeAsync(50);
      a.auth.dispose();
      validationArrives();
      await vi.advanceTimersByTimeAsync(2_000);
      await expect(token).resolves.toBe('at-2');
      expect(fief.sent).toEqual(['rt-1']);
    });
  }

  it('settles within one validation-load timeout when the validation code stalls (helper 25, finding 2)', async () => {
    const { fief, a } = await unmountedDuringRefresh();
    fief.validation = 'stalled';
    let done = false;
    const token = a.auth.getAccessToken({ forceRefresh: true }).finally(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(31_000);
    expect(done).toBe(true);
    // Nothing sent, and the token expired meanwhile (it was due at 55 s of its 60).
    await expect(token).resolves.toBeNull();
    expect(fief.sent).toEqual([]);
  });
});
