/**
 * A started tab whose link failed to open (the chunk failed once, then loaded for a refresh) refreshes without a spent
 * mark (no shared storage): its news opens the link at once and goes out while the lock is held, so the next tab in
 * the lock never sends the same refresh token (helper 22's finding 3).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FiefAuth } from '../fiefAuth.js';
import { loadSessionFlows } from '../loadSessionFlows.js';
import {
  copyOfStorage,
  newFief,
  sessionChunkArrived,
  sleep,
  tokenRequests,
  useAuthHarness,
} from './authTestKit.js';

vi.mock('../loadSessionFlows.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../loadSessionFlows.js')>();
  return { ...actual, loadSessionFlows: vi.fn(actual.loadSessionFlows) };
});
const { loadSessionFlows: actualLoad } =
  await vi.importActual<typeof import('../loadSessionFlows.js')>('../loadSessionFlows.js');

const harness = useAuthHarness();

/** Records the refresh tokens sent (compared, never printed). */
function recordRefreshTokens(): { sent: string[]; undo(): void } {
  const original = globalThis.fetch;
  const sent: string[] = [];
  globalThis.fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.endsWith('/token') && init?.body !== undefined) {
      const token = new URLSearchParams(String(init.body)).get('refresh_token');
      if (token !== null) sent.push(token);
    }
    return original(input, init);
  };
  return { sent, undo: () => (globalThis.fetch = original) };
}

afterEach(() => {
  vi.mocked(loadSessionFlows).mockImplementation(actualLoad);
});

describe('refresh in a tab whose link failed', () => {
  it('never sends one refresh token twice', async () => {
    const tabSync = () => ({ channel: harness.tabs.channel, locks: harness.tabs.locks, shared: null });
    const first = await harness.signedInTab({ tabSync: tabSync() });
    await sessionChunkArrived();
    const other = harness.track(
      new FiefAuth(newFief(harness.server), { storage: copyOfStorage(first.storage), tabSync: tabSync() }),
    );
    other.start();
    await sessionChunkArrived();
    first.auth.dispose();
    // This tab's link fails to open (offline a moment); the chunk loads for its refresh a moment later.
    vi.mocked(loadSessionFlows).mockImplementationOnce(() =>
      Promise.reject(new TypeError('Failed to fetch')),
    );
    const deaf = harness.track(
      new FiefAuth(newFief(harness.server), { storage: copyOfStorage(first.storage), tabSync: tabSync() }),
    );
    deaf.start();
    await sleep(20);
    const recorder = recordRefreshTokens();
    try {
      const before = tokenRequests(harness.server);
      const fromDeaf = deaf.getAccessToken({ forceRefresh: true });
      await sleep(0);
      const fromOther = other.getAccessToken({ forceRefresh: true });
      const [deafToken, otherToken] = await Promise.all([fromDeaf, fromOther]);
      await sleep(50);
      expect(new Set(recorder.sent).size).toBe(recorder.sent.length);
      expect(tokenRequests(harness.server)).toBe(before + 1);
      expect(deafToken).not.toBeNull();
      expect(otherToken).toBe(deafToken);
      expect(other.getSnapshot()).toMatchObject({ status: 'authenticated', error: null });
    } finally {
      recorder.undo();
    }
  });
});
