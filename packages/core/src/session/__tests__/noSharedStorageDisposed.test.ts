/**
 * Without storage shared by the tabs (no spent marks: Web Locks and the broadcast only), tab B refreshes while tab A
 * is unmounted, deaf to B's broadcast; A's app then asks for a fresh token. A asks the tabs before it spends its
 * refresh token, adopts B's session, and never sends the token B spent (helper 25, finding 4): a rotating Fief would
 * refuse it and end the sign-in in every tab. (A refresh of A's that waits for the lock hears the tabs meanwhile.)
 */
import { expect, it, vi } from 'vitest';
import { useModelClock } from './modelRun.js';
import { InTestTabs, StubFief, tab } from './stubFiefKit.js';

useModelClock();

for (const when of ['while the abandoned refresh waits', 'after it settled'] as const) {
  it(`no shared storage: a forced call after the unmount, ${when}, does not resend B's spent token`, async () => {
    const fief = new StubFief();
    const tabs = new InTestTabs();
    const session = fief.session();
    const a = tab(fief, tabs, session, null);
    const b = tab(fief, tabs, session, null);
    fief.latencyMs = 5_000;
    vi.setSystemTime(Date.now() + 55_000);
    b.auth.start(); // B sends rt-1 and holds the lock until its answer (and news) landed
    await vi.advanceTimersByTimeAsync(100);
    a.auth.start(); // A's refresh waits for the lock
    await vi.advanceTimersByTimeAsync(100);
    a.auth.dispose();
    if (when === 'after it settled') await vi.advanceTimersByTimeAsync(10_000);
    const token = a.auth.getAccessToken({ forceRefresh: true });
    await vi.advanceTimersByTimeAsync(20_000);
    // B's token rt-1 was sent once, by B. Before it spends, the disposed engine asks the tabs, and B's session is
    // newer than the one the forced call began from: forced means a newer token, never a resent refresh token
    // (StubFief throws on a reuse). Settled, A had heard B's news while its abandoned refresh waited for the lock:
    // the forced call began from B's session, and refreshed it.
    const settled = when === 'after it settled';
    expect(fief.sent).toEqual(settled ? ['rt-1', 'rt-2'] : ['rt-1']);
    await expect(token).resolves.toBe(settled ? 'at-3' : 'at-2');
    expect(b.auth.getSnapshot()).toMatchObject({
      status: 'authenticated',
      tokenInfo: { access_token: await token },
    });
    b.auth.dispose();
  });
}
