/**
 * A machine that wakes from sleep may have no network yet: the chunk that resumes the page (loaded on demand) may
 * fail to load. The refresh timer that fired late must not be lost with it.
 */

import { describe, expect, it, vi } from 'vitest';
import { loadSessionFlows } from '../loadSessionFlows.js';
import { tokenRequests, useAuthHarness, waitFor } from './authTestKit.js';

vi.mock('../loadSessionFlows.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../loadSessionFlows.js')>();
  return { ...actual, loadSessionFlows: vi.fn(actual.loadSessionFlows) };
});

/** Access tokens live 2 s; with a 1 s margin, the timer fires 1 s after the sign-in. */
const harness = useAuthHarness({ accessTokenTTL: 2, refreshMarginSeconds: 1 });

describe('a refresh timer that fires late after a sleep, offline', () => {
  it('still refreshes when the chunk that resumes the page fails to load', async () => {
    let aheadMs = 0;
    const a = await harness.signedInTab({ clock: () => Date.now() + aheadMs });
    await loadSessionFlows(); // the chunk loads for the sign-in: it would be in the module map
    const before = tokenRequests(harness.server);
    // The machine sleeps two minutes before the timer fires; the first load after waking fails.
    aheadMs = 120_000;
    vi.mocked(loadSessionFlows).mockImplementationOnce(() =>
      Promise.reject(new TypeError('Failed to fetch')),
    );
    await waitFor(() => tokenRequests(harness.server) > before, 4_000, 'the refresh after waking');
    await waitFor(() => a.auth.getSnapshot().error === null && a.auth.isAuthenticated(), 2_000, 'signed in');
  });
});

describe('a due refresh whose chunk fails to load (offline)', () => {
  it('rejects nothing unhandled, and refreshes at the next check', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const a = await harness.signedInTab();
      await loadSessionFlows();
      const before = tokenRequests(harness.server);
      vi.mocked(loadSessionFlows).mockImplementationOnce(() =>
        Promise.reject(new TypeError('Failed to fetch')),
      );
      await waitFor(() => tokenRequests(harness.server) > before, 6_000, 'the refresh after the failed load');
      await waitFor(() => a.auth.isAuthenticated(), 2_000, 'signed in');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
