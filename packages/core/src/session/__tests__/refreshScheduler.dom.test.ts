import { afterEach, describe, expect, it, vi } from 'vitest';
import { MIN_REFRESH_INTERVAL_MS, refreshDueAt } from '../refreshDue.js';
import { RefreshScheduler } from '../refreshScheduler.js';
import { sampleSession } from './sessionFixtures.js';

const NOW = 1_800_000_000_000;

function sessionLiving(ms: number) {
  const session = sampleSession(NOW);
  return { ...session, tokenInfo: { ...session.tokenInfo, expires_at: NOW + ms } };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('refresh timing', () => {
  it('refreshes the margin before expiry', () => {
    expect(refreshDueAt(sessionLiving(3_600_000), 30_000)).toBe(NOW + 3_600_000 - 30_000);
  });

  it('never refreshes earlier than half the token lifetime, nor right after the previous refresh', () => {
    expect(refreshDueAt(sessionLiving(3_000), 30_000)).toBe(NOW + 1_500);
    expect(refreshDueAt(sessionLiving(0), 30_000)).toBe(NOW + MIN_REFRESH_INTERVAL_MS);
  });

  it('waits in steps beyond what setTimeout can wait, and cancels', () => {
    vi.useFakeTimers({ now: NOW });
    const onDue = vi.fn();
    const scheduler = new RefreshScheduler(onDue, Date.now);
    scheduler.schedule(NOW + 30 * 24 * 3_600_000);
    vi.advanceTimersByTime(2 ** 31);
    expect(onDue).not.toHaveBeenCalled();
    expect(scheduler.scheduled).toBe(true);
    vi.advanceTimersByTime(30 * 24 * 3_600_000);
    expect(onDue).toHaveBeenCalledTimes(1);

    scheduler.schedule(NOW);
    scheduler.cancel();
    vi.runAllTimers();
    expect(onDue).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('tells how late its timer fired: late by the sleep of the machine, not by a time already past', () => {
    vi.useFakeTimers({ now: NOW });
    const onDue = vi.fn();
    const scheduler = new RefreshScheduler(onDue, Date.now);

    scheduler.schedule(NOW - 60_000); // already due: at once, not late
    vi.advanceTimersByTime(0);
    expect(onDue).toHaveBeenLastCalledWith(0);

    scheduler.schedule(Date.now() + 1_000);
    vi.setSystemTime(Date.now() + 3_600_000); // the machine slept an hour; timers count only time awake
    vi.advanceTimersByTime(1_000);
    expect(onDue).toHaveBeenLastCalledWith(3_600_000);
    vi.useRealTimers();
  });
});
