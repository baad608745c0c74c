/**
 * An unmounted tab refreshes (its app asked for a fresh token) and another tab signs out while its token request is
 * on its way: the call answers `null`, not a token of the ended sign-in (helper 25, finding 5).
 */
import { expect, it, vi } from 'vitest';
import { MemoryStorage } from '../storage.js';
import { useModelClock } from './modelRun.js';
import { InTestTabs, StubFief, tab } from './stubFiefKit.js';

useModelClock();

for (const chained of [false, true]) {
  it(`sign-out in another tab during the request: no token (${chained ? 'after an abandoned refresh' : 'plain call'})`, async () => {
    const fief = new StubFief();
    const tabs = new InTestTabs();
    const shared = new MemoryStorage();
    const session = fief.session();
    const a = tab(fief, tabs, session, shared, 50); // 50 s margin: due after 10 s
    const b = tab(fief, tabs, session, shared);
    b.auth.start();
    if (chained) {
      vi.setSystemTime(Date.now() + 15_000); // due, valid for 45 s more
      let arrive = (): void => {};
      fief.validation = new Promise<void>((r) => {
        arrive = r;
      });
      a.auth.start();
      await vi.advanceTimersByTimeAsync(100);
      a.auth.dispose();
      setTimeout(arrive, 50);
    }
    fief.latencyMs = 5_000;
    const token = a.auth.getAccessToken({ forceRefresh: true });
    await vi.advanceTimersByTimeAsync(1_000); // A's request is on its way
    expect(fief.sent).toEqual(['rt-1']);
    await b.auth.logout('https://app.test/').catch(() => {});
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(token).resolves.toBeNull();
    b.auth.dispose();
  });
}
