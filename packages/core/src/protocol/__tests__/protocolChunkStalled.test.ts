/**
 * The protocol client's chunk loaded on demand stalls (a captive portal, a dead mobile link): `import()` has no
 * timeout. The door gives up after a request's time, so that no method waits for good: the callback page's code
 * exchange fails in time instead of showing "loading" for ever, with the tokens never validated and never kept.
 */

import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadProtocolFlows } from '../loadProtocolFlows.js';
import { REQUEST_TIMEOUT_MS } from '../transport.js';

// The download starts and never ends.
vi.mock('../protocolFlows.js', () => new Promise(() => {}));

beforeAll(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.clearAllTimers();
});

/** Where `promise` stands: its error, or `pending`. */
function track(promise: Promise<unknown>): { outcome: unknown } {
  const state: { outcome: unknown } = { outcome: 'pending' };
  promise.then(
    () => {
      state.outcome = 'loaded';
    },
    (error: unknown) => {
      state.outcome = error;
    },
  );
  return state;
}

describe('a protocol chunk whose download stalls', () => {
  it('rejects the door with ERR_FIEF_CHUNK_LOAD after a request time, not before', async () => {
    const load = track(loadProtocolFlows());
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS - 1);
    expect(load.outcome).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(load.outcome).toMatchObject({
      name: 'FiefError',
      code: 'ERR_FIEF_CHUNK_LOAD',
      cause: { message: `no chunk within ${REQUEST_TIMEOUT_MS} ms` },
    });
  });

  it('leaves no timer behind once the load has given up', async () => {
    const load = track(loadProtocolFlows());
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS);
    expect(load.outcome).not.toBe('pending');
    expect(vi.getTimerCount()).toBe(0);
  });
});
