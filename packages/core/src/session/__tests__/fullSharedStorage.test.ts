/**
 * A `localStorage` that is there but full holds no spent mark, as if there were none: a disposed engine, deaf to
 * the broadcast, now asks the tabs before it spends its refresh token in that case too. It sent the refresh token
 * another tab had spent, and the sign-in ended in every tab (found by a review, stop 25).
 *
 * One that fills up while a tab's refresh is on its way leaves that tab's mark unanswered: it could not say it got
 * the answer, nor withdraw the mark when the request got none. Another tab took such a mark for a tab gone with its
 * answer, and ended the sign-in, though the tab that refreshed is open. The mark is now removed when it cannot be
 * updated (found by a review, h37 finding 3).
 */
import { expect, it, vi } from 'vitest';
import { MemoryStorage } from '../storage.js';
import { useModelClock } from './modelRun.js';
import { twoTabs } from './stubFiefKit.js';

useModelClock();

/** Reachable, and full once `full` is set: reads work, every write throws. */
class FillingStorage extends MemoryStorage {
  constructor(public full: boolean) {
    super();
  }
  override setItem(key: string, value: string): void {
    if (this.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    super.setItem(key, value);
  }
}

for (const aMounted of [false, true]) {
  it(`full localStorage: A (${aMounted ? 'mounted' : 'disposed'}) refreshes; B (disposed, rt-1) asks 10 s later: rt-1 not resent`, async () => {
    const { fief, a, b } = await twoTabs(new FillingStorage(true), { mounted: true });
    if (!aMounted) a.auth.dispose();
    b.auth.dispose();
    const ta = a.auth.getAccessToken({ forceRefresh: true });
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(ta).resolves.toBe('at-2');
    const tb = b.auth.getAccessToken({ forceRefresh: true });
    await vi.advanceTimersByTimeAsync(40_000);
    expect(fief.sent[0]).toBe('rt-1');
    expect(new Set(fief.sent).size).toBe(fief.sent.length); // (mounted A refreshes rt-2 on its timer at ~50 s)
    await expect(tb).resolves.not.toBeNull();
  });
}

it('localStorage fills up while A’s refresh is on its way: B (disposed, rt-1) is not signed out, it gets A’s session', async () => {
  const shared = new FillingStorage(false);
  const { fief, a, b } = await twoTabs(shared, { mounted: true });
  b.auth.dispose(); // B's provider unmounted: it will miss A's broadcast
  fief.latencyMs = 1_000;
  const ta = a.auth.getAccessToken({ forceRefresh: true }); // A (mounted) marks rt-1 spent, sends it
  await vi.advanceTimersByTimeAsync(500);
  expect(fief.sent).toEqual(['rt-1']);
  shared.full = true; // another tab or the app filled localStorage meanwhile: A cannot mark its answer
  await vi.advanceTimersByTimeAsync(1_500);
  await expect(ta).resolves.toBe('at-2');
  const tb = b.auth.getAccessToken({ forceRefresh: true }); // B's loader (an API refused at-1)
  await vi.advanceTimersByTimeAsync(40_000);
  expect(new Set(fief.sent).size).toBe(fief.sent.length);
  expect(b.auth.getSnapshot().error).toBeNull();
  await expect(tb).resolves.not.toBeNull();
  expect(a.auth.getSnapshot().status).toBe('authenticated');
});

it('localStorage fills up as A’s request of rt-2 gets no answer: B (disposed, rt-2) is not signed out, it refreshes rt-2', async () => {
  const shared = new FillingStorage(false);
  const { fief, a, b } = await twoTabs(shared, { mounted: true });
  const first = a.auth.getAccessToken({ forceRefresh: true }); // rt-1 -> rt-2, heard by B
  await vi.advanceTimersByTimeAsync(1_000);
  await expect(first).resolves.toBe('at-2');
  b.auth.dispose(); // B's provider unmounted, holding rt-2
  const send = fief.authRefreshToken.bind(fief);
  fief.authRefreshToken = (rt) => {
    shared.full = true; // filled as A's request leaves: A cannot withdraw its mark of rt-2
    fief.down = true; // and the request gets no answer: rt-2 is still good
    return send(rt);
  };
  a.auth.getAccessToken({ forceRefresh: true }).catch(() => {});
  await vi.advanceTimersByTimeAsync(1_000);
  fief.authRefreshToken = send;
  fief.down = false;
  const tb = b.auth.getAccessToken({ forceRefresh: true }); // B's loader (an API refused at-2)
  await vi.advanceTimersByTimeAsync(2_000);
  await expect(tb).resolves.toBe('at-3');
  expect(fief.sent).toEqual(['rt-1', 'rt-2']);
  expect(b.auth.getSnapshot().error).toBeNull();
});
