/**
 * A tab waits for the session another tab is refreshing from the refresh token they share (its spent mark), and its
 * own user-info answer lands meanwhile: a new revision of the same generation, whose access token is the one an API
 * may just have refused. The wait goes on until the new generation arrives, so a forced call gets the new token
 * (helper 27, finding 3; model seed 2014181980). It used to end the wait and answer the old token.
 */
import { expect, it, vi } from 'vitest';
import { MemoryStorage } from '../storage.js';
import { useModelClock } from './modelRun.js';
import { InTestTabs, StubFief, tab } from './stubFiefKit.js';

useModelClock();

for (const disposed of [true, false]) {
  it(`${disposed ? 'unmounted' : 'mounted'}: a forced call gets B's new token, not the old one`, async () => {
    const fief = new StubFief();
    fief.latencyMs = 1_000;
    const userinfoAt = 1_100;
    Object.assign(fief, {
      userinfo: () =>
        new Promise((r) =>
          setTimeout(() => r({ ...fief.claims(), fields: { first_name: 'Anne' } }), userinfoAt),
        ),
    });
    const tabs = new InTestTabs();
    tabs.latencyMs = 200; // B's news takes a moment to land
    const shared = new MemoryStorage();
    const session = fief.session();
    const a = tab(fief, tabs, session, shared);
    const b = tab(fief, tabs, session, shared);
    a.auth.start();
    b.auth.start();
    await vi.advanceTimersByTimeAsync(500);
    void a.auth.refreshUserinfo().catch(() => {}); // answers at +1100 ms
    b.auth.dispose();
    const tb = b.auth.getAccessToken({ forceRefresh: true }); // B sends rt-1, answered at +1000 ms
    await vi.advanceTimersByTimeAsync(10);
    if (disposed) a.auth.dispose();
    const ta = a.auth.getAccessToken({ forceRefresh: true }); // waits for the lock, then for B's session
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(tb).resolves.toBe('at-2');
    expect(fief.sent).toEqual(['rt-1']);
    await expect(ta).resolves.toBe('at-2');
    a.auth.dispose();
  });
}
