/**
 * The engine loads with the session's chunk when `FiefAuth` starts. When the load fails (offline), it must be tried
 * again, or a signed-in tab would let its session expire and never hear the other tabs.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type EngineDoor, engineDoor } from '../engineDoor.js';
import { loadSessionFlows, type SessionFlows } from '../loadSessionFlows.js';
import { SessionState } from '../sessionState.js';
import { MemoryStorage } from '../storage.js';
import { sampleSession } from './sessionFixtures.js';

vi.mock('../loadSessionFlows.js', () => ({ loadSessionFlows: vi.fn(), loadedSessionFlows: () => null }));

const starts = vi.fn();
/** The chunk, with an engine that records what the door asks of it. */
const flows = {
  SessionEngine: class {
    start = starts;
    dispose() {}
  },
} as unknown as SessionFlows;

const offline = () => new TypeError('Failed to fetch');

function door(): EngineDoor {
  const settings = {
    storage: new MemoryStorage(),
    namespace: 'spa',
    shared: () => null,
    now: () => Date.now(),
    marginMs: 30_000,
    log: () => {},
    tabSync: {},
  };
  const state = new SessionState(settings, sampleSession());
  return engineDoor({
    settings: settings as never,
    state,
    callbackRunning: () => 0,
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  starts.mockClear();
  vi.mocked(loadSessionFlows).mockReset();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the door to the engine', () => {
  it('starts the engine once its chunk arrived', async () => {
    vi.mocked(loadSessionFlows).mockResolvedValueOnce(flows);
    door().start();
    await vi.advanceTimersByTimeAsync(0);
    expect(starts).toHaveBeenCalledTimes(1);
  });

  it('loads the engine again when its chunk failed to load, and not after a dispose', async () => {
    vi.mocked(loadSessionFlows).mockRejectedValueOnce(offline()).mockResolvedValueOnce(flows);
    const started = door();
    started.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(starts).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(starts).toHaveBeenCalledTimes(1);

    vi.mocked(loadSessionFlows).mockRejectedValueOnce(offline()).mockResolvedValue(flows);
    const disposed = door();
    disposed.start();
    await vi.advanceTimersByTimeAsync(0);
    disposed.dispose();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(starts).toHaveBeenCalledTimes(1);
    expect(loadSessionFlows).toHaveBeenCalledTimes(3);
  });

  it('loads nothing before it starts or is asked for something', () => {
    door();
    expect(loadSessionFlows).not.toHaveBeenCalled();
  });
});
