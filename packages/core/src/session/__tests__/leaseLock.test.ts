/**
 * The lease that stands in for Web Locks, held while a refresh token is being spent. The engine may stop while it is
 * spent (StrictMode stops and starts it again; a provider unmounts): the answer is still on its way, so the lease
 * must stay ours until the task ends, or another tab takes it and sends the same refresh token.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LeaseLock } from '../leaseLock.js';
import { MemoryStorage } from '../storage.js';
import { LaggingSharedStorage } from './laggingSharedStorage.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

function holder(tabId: string) {
  return {
    tabId,
    stopped: false,
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  };
}

function leaseOf(shared: MemoryStorage, key: string): { owner: string; until: number } | null {
  const raw = shared.getItem(key);
  return raw === null ? null : (JSON.parse(raw) as { owner: string; until: number });
}

describe('the lease of a refresh (no Web Locks)', () => {
  it('stays ours while the task runs, even after the engine stopped during it', async () => {
    const shared = new MemoryStorage();
    const tab = holder('a');
    let finish = () => {};
    const running = new LeaseLock(shared, tab).request('lease', async (held) => {
      tab.stopped = true; // the engine stops while the token request is on its way
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
      return held();
    });
    await vi.advanceTimersByTimeAsync(300); // acquired
    await vi.advanceTimersByTimeAsync(30_000); // a slow answer, three lease lifetimes
    expect(leaseOf(shared, 'lease')).toMatchObject({ owner: 'a' });
    expect(leaseOf(shared, 'lease')?.until).toBeGreaterThan(Date.now());
    // Another tab asking now waits: it does not get the lease while the answer is still coming.
    const other = holder('b');
    let otherRan = false;
    const waiting = new LeaseLock(shared, other).request('lease', async () => {
      otherRan = true;
    });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(otherRan).toBe(false);

    finish();
    await expect(running).resolves.toBe(true);
    await vi.advanceTimersByTimeAsync(500);
    await waiting;
    expect(otherRan).toBe(true);
  });

  it('stops renewing once the task ended', async () => {
    const shared = new MemoryStorage();
    await Promise.all([
      new LeaseLock(shared, holder('a')).request('lease', async () => {}),
      vi.advanceTimersByTimeAsync(300),
    ]);
    expect(shared.getItem('lease')).toBeNull();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(shared.getItem('lease')).toBeNull();
  });
});

describe('a tab starved of the CPU while its lease settles (a loaded machine)', () => {
  it.each([700, 3_000])(
    'settles again before it trusts its lease: the other tab write, waiting behind its late timer, lands first (starved %i ms)',
    async (starvedMs) => {
      // Writes take 20 ms between tabs; tab A gets no CPU until `starvedMs`: its timers fire then, and the write B made
      // at t=10 lands in A's copy only after A's settle timer ran.
      const storage = new LaggingSharedStorage(20);
      const start = Date.now();
      const starvedUntil = start + starvedMs;
      const a = holder('a');
      a.sleep = (ms) =>
        new Promise((resolve) => setTimeout(resolve, Math.max(ms, starvedUntil - Date.now())));
      const inside: string[] = [];
      const entered: string[] = [];
      const enter = (tab: string) => async () => {
        inside.push(tab);
        entered.push(tab);
        expect(inside).toEqual([tab]);
        await new Promise((resolve) => setTimeout(resolve, starvedMs + 1_000)); // still inside when A wakes
        inside.pop();
      };
      const first = new LeaseLock(storage.view(starvedMs), a).request('lease', enter('a'));
      await vi.advanceTimersByTimeAsync(10);
      const second = new LeaseLock(storage.view(), holder('b')).request('lease', enter('b'));
      await vi.advanceTimersByTimeAsync(20_000);
      await Promise.all([first, second]); // each found the other inside: it threw
      expect(entered.sort()).toEqual(['a', 'b']);
    },
  );
});

describe('a hidden tab whose timers fire late (a browser throttles them)', () => {
  it('still gets a lease nobody else wants, as long as each timer fires within the lease lifetime', async () => {
    // Browsers throttle the timers of hidden tabs (aligned to 1 s, more in some): every timer of this tab fires 3 s
    // late. Alone, it must still get the lease and refresh; its lease lasts 10 s.
    const shared = new MemoryStorage();
    const throttled = holder('a');
    throttled.sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms + 3_000));
    const held: boolean[] = [];
    const request = new LeaseLock(shared, throttled).request('lease', async (stillHeld) => {
      held.push(stillHeld());
      // Fief's answer takes 6 s: the lease, renewed as late as the tab's timers fire, stays ours meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      held.push(stillHeld());
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(held).toEqual([true, true]);
    await request;
  });
});

describe('the wall clock set back while a tab holds the lease (a time sync)', () => {
  it('another tab does not take the lease as forged: its until is ahead of the clock by the step', async () => {
    const shared = new MemoryStorage();
    const inside: string[] = [];
    const entered: string[] = [];
    const enter = (tab: string) => async () => {
      inside.push(tab);
      entered.push(tab);
      const alone = inside.length === 1;
      await new Promise((resolve) => setTimeout(resolve, 2_000)); // Fief's answer on its way
      inside.pop();
      return alone;
    };
    const first = new LeaseLock(shared, holder('a')).request('lease', enter('a'));
    await vi.advanceTimersByTimeAsync(300); // A holds the lease, its answer on its way
    vi.setSystemTime(Date.now() - 1_000); // the clock steps back 1 s
    const second = new LeaseLock(shared, holder('b')).request('lease', enter('b'));
    await vi.advanceTimersByTimeAsync(20_000);
    await expect(first).resolves.toBe(true);
    await expect(second).resolves.toBe(true);
    expect(entered).toEqual(['a', 'b']);
  });
});

describe('a lease that claims to last far longer than any tab writes one (forged or corrupted)', () => {
  it('is not honoured: a tab takes the lease at once', async () => {
    const shared = new MemoryStorage();
    shared.setItem('lease', JSON.stringify({ owner: 'x', until: Date.now() + 3_600_000 }));
    let ran = false;
    const request = new LeaseLock(shared, holder('a')).request('lease', async () => {
      ran = true;
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ran).toBe(true);
    await request;
  });
});
