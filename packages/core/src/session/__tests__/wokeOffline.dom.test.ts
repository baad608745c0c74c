/**
 * A machine that wakes from sleep may have no network yet. Once the engine's chunk is there, the refresh timer that
 * fired late loads nothing more; on a page whose chunk never arrived (offline since it loaded), a session due for a
 * refresh is recorded as an `error`, nothing is rejected unhandled, and the refresh runs once the chunk loads.
 */

import { describe, expect, it, vi } from 'vitest';
import { loadedSessionFlows, loadSessionFlows } from '../loadSessionFlows.js';
import { copyOfStorage, tokenRequests, useAuthHarness, waitFor } from './authTestKit.js';

vi.mock('../loadSessionFlows.js', (original) =>
  import('./sessionFlowsSpies.js').then((kit) => kit.spied(original)),
);

/** Access tokens live 2 s; with a 1 s margin, the timer fires 1 s after the sign-in. */
const harness = useAuthHarness({ accessTokenTTL: 2, refreshMarginSeconds: 1 });

describe('a refresh timer that fires late after a sleep', () => {
  it('still refreshes, and the page resumes', async () => {
    let aheadMs = 0;
    const a = await harness.signedInTab({ clock: () => Date.now() + aheadMs });
    const before = tokenRequests(harness.server);
    const loads = vi.mocked(loadSessionFlows).mock.calls.length;
    // The machine sleeps two minutes before the timer fires.
    aheadMs = 120_000;
    await waitFor(() => tokenRequests(harness.server) > before, 4_000, 'the refresh after waking');
    await waitFor(() => a.auth.getSnapshot().error === null && a.auth.isAuthenticated(), 2_000, 'signed in');
    expect(vi.mocked(loadSessionFlows).mock.calls.length).toBe(loads);
  });
});

describe('a due session on a page whose chunk fails to load (offline)', () => {
  it('is an error until the chunk loads, rejects nothing unhandled, then refreshes', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const signedIn = await harness.signedInTab();
      signedIn.auth.dispose();
      // The same tab reloaded, offline: its chunk is not in the module map, and its first load fails.
      vi.mocked(loadedSessionFlows).mockReturnValue(null);
      vi.mocked(loadSessionFlows).mockImplementationOnce(() =>
        Promise.reject(new TypeError('Failed to fetch')),
      );
      await new Promise((resolve) => setTimeout(resolve, 1_100)); // due now (1 s margin)
      const before = tokenRequests(harness.server);
      const reloaded = { auth: harness.engine({ storage: copyOfStorage(signedIn.storage) }) };
      reloaded.auth.start();
      await waitFor(
        () => reloaded.auth.getSnapshot().error?.code === 'ERR_FIEF_CHUNK_LOAD',
        1_000,
        'the error',
      );
      expect(tokenRequests(harness.server)).toBe(before);
      vi.mocked(loadedSessionFlows).mockRestore();
      await waitFor(() => tokenRequests(harness.server) > before, 7_000, 'the refresh once the chunk loaded');
      // The error ended with the chunk's arrival; the refresh's answer brings the session back.
      expect(reloaded.auth.getSnapshot().error).toBeNull();
      await waitFor(() => reloaded.auth.isAuthenticated(), 2_000, 'the refreshed session');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
      vi.mocked(loadedSessionFlows).mockRestore();
    }
  }, 15_000);
});
