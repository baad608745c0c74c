/**
 * The refresh driver loads with the session's chunk. A session check that finds the chunk missing loads it; when the
 * load fails (offline), the check must be tried again, or a signed-in tab would let its session expire.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LazyRefreshDriver } from '../lazyRefreshDriver.js';
import { loadSessionFlows, type SessionFlows } from '../loadSessionFlows.js';
import type { RefreshDriverContext } from '../refreshDriver.js';
import { sampleSession } from './sessionFixtures.js';

vi.mock('../loadSessionFlows.js', () => ({ loadSessionFlows: vi.fn(), loadedSessionFlows: () => null }));

const checks = vi.fn();
const cancels = vi.fn();
/** The chunk, with a driver that records what the engine's side asks of it. */
const flows = {
  RefreshDriver: class {
    check = checks;
    cancel = cancels;
  },
} as unknown as SessionFlows;

let started = true;
const context = {
  keeper: { session: sampleSession() },
  started: () => started,
  now: () => Date.now(),
  marginMs: 30_000,
} as unknown as RefreshDriverContext;

beforeEach(() => {
  vi.useFakeTimers();
  started = true;
  checks.mockClear();
  cancels.mockClear();
  vi.mocked(loadSessionFlows).mockReset();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the refresh driver, loaded on demand', () => {
  it('checks the session once its chunk arrived', async () => {
    vi.mocked(loadSessionFlows).mockResolvedValueOnce(flows);
    new LazyRefreshDriver(context).check();
    await vi.advanceTimersByTimeAsync(0);
    expect(checks).toHaveBeenCalledTimes(1);
  });

  it('tries the check again when the chunk failed to load, and not after a cancel', async () => {
    vi.mocked(loadSessionFlows)
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(flows);
    const driver = new LazyRefreshDriver(context);
    driver.check();
    await vi.advanceTimersByTimeAsync(0);
    expect(checks).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(checks).toHaveBeenCalledTimes(1);

    vi.mocked(loadSessionFlows).mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const disposed = new LazyRefreshDriver(context);
    disposed.check();
    await vi.advanceTimersByTimeAsync(0);
    disposed.cancel();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(checks).toHaveBeenCalledTimes(1);
  });

  it('loads nothing for a stopped engine', () => {
    started = false;
    new LazyRefreshDriver(context).check();
    expect(loadSessionFlows).not.toHaveBeenCalled();
  });
});
