/**
 * The session engine's chunk stalls: `import()` has no timeout. The door gives up after a request's time, for every
 * caller (the engine's calls and the callback page's session code), and still takes the chunk if it arrives later.
 */

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REQUEST_TIMEOUT_MS } from '../../protocol/transport.js';
import { loadedSessionFlows, loadSessionFlows } from '../loadSessionFlows.js';

let arrive!: (chunk: object) => void;
// The download starts and ends when the test says.
vi.mock(
  '../sessionFlows.js',
  () =>
    new Promise((resolve) => {
      arrive = resolve;
    }),
);

beforeAll(() => {
  vi.useFakeTimers();
});
afterAll(() => {
  vi.useRealTimers();
});

describe('a session chunk whose download stalls', () => {
  it('rejects the load after a request time, and takes the chunk when it arrives later', async () => {
    let outcome: unknown = 'pending';
    loadSessionFlows().then(
      () => {
        outcome = 'loaded';
      },
      (error: unknown) => {
        outcome = error;
      },
    );
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS - 1);
    expect(outcome).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome).toMatchObject({ message: `no chunk within ${REQUEST_TIMEOUT_MS} ms` });
    expect(vi.getTimerCount()).toBe(0);
    expect(loadedSessionFlows()).toBeNull();

    const chunk = { SessionEngine: class {} };
    arrive(chunk);
    await vi.advanceTimersByTimeAsync(0);
    expect(loadedSessionFlows()).toMatchObject(chunk);
    await expect(loadSessionFlows()).resolves.toMatchObject(chunk);
  });
});
