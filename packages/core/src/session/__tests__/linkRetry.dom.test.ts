/**
 * A tab whose link to the other tabs failed to open (its chunk load failed once: a flaky network, with no `online`
 * event after) opens it again on its own: else it would neither hear the other tabs nor tell them its refreshed
 * session, and the tab that found its refresh token spent would wait for a session that never comes.
 */

import { describe, expect, it, vi } from 'vitest';
import { loadSessionFlows } from '../loadSessionFlows.js';
import { accessTokenOf, copyOfStorage, sleep, useAuthHarness, waitFor } from './authTestKit.js';

vi.mock('../loadSessionFlows.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../loadSessionFlows.js')>();
  return { ...actual, loadSessionFlows: vi.fn(actual.loadSessionFlows) };
});

/** Access tokens live 2 s; with a 1 s margin, each one is refreshed 1 s after it was issued. */
const harness = useAuthHarness({ accessTokenTTL: 2, refreshMarginSeconds: 1 });

describe('a tab link that failed to open once', () => {
  it('two signed-in tabs stay signed in across refreshes when one tab link failed to load once', async () => {
    const a = await harness.signedInTab({
      tabSync: { channel: harness.tabs.channel, locks: harness.tabs.locks },
    });
    // Tab b: the same session in its storage (a reload of a tab that had it), and its link's chunk load fails once.
    const storage = copyOfStorage(a.storage);
    vi.mocked(loadSessionFlows).mockImplementationOnce(() =>
      Promise.reject(new TypeError('Failed to fetch')),
    );
    const b = harness.engine({ storage });
    b.start();
    expect(b.getSnapshot().status).toBe('authenticated');
    await sleep(0);

    // A few refresh cycles: each tab refreshes when due; the other must learn of it.
    await sleep(6_000);
    expect([a.auth.getSnapshot().status, a.auth.getSnapshot().error?.code ?? null]).toEqual([
      'authenticated',
      null,
    ]);
    expect([b.getSnapshot().status, b.getSnapshot().error?.code ?? null]).toEqual(['authenticated', null]);
    await waitFor(() => accessTokenOf(b) === accessTokenOf(a.auth), 3_000, 'the same token in both tabs');
  }, 20_000);
});
