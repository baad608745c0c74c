/**
 * An engine disposed (a tab closing, a provider unmounted, React StrictMode's dispose and start) while its refresh
 * waits for the session another tab is refreshing: the wait was cut short by the dispose, not by a lost answer.
 */

import { describe, expect, it } from 'vitest';
import { sessionKey } from '../sessionStore.js';
import { MemoryStorage, STORAGE_VERSION, storageKey } from '../storage.js';
import { namespaceOf, sleep, tokenRequests, useAuthHarness, waitFor } from './authTestKit.js';

const harness = useAuthHarness();

/** A tab over a copy of `from`'s session whose clock is `aheadMs` ahead (its refresh is due). */
function tabAhead(from: MemoryStorage, aheadMs: number) {
  const storage = new MemoryStorage();
  const key = sessionKey(namespaceOf(harness.server));
  storage.setItem(key, from.getItem(key) ?? '');
  return harness.engine({ storage, clock: () => Date.now() + aheadMs });
}

/** The mark a tab leaves before it sends the refresh token of the session in `storage`. */
function markSpentByAnotherTab(storage: MemoryStorage): void {
  const namespace = namespaceOf(harness.server);
  const { sid, generation } = JSON.parse(storage.getItem(sessionKey(namespace)) ?? '{}').session;
  const mark = { v: STORAGE_VERSION, sid, generation, by: 'a-tab-refreshing-now' };
  localStorage.setItem(storageKey('spent', namespace), JSON.stringify(mark));
}

describe('an engine disposed while it waits for another tab to refresh', () => {
  for (const restarted of [true, false]) {
    it(`signs no tab out${restarted ? ' when started again (StrictMode)' : ''}, and sends no refresh token`, async () => {
      const a = await harness.signedInTab();
      const before = tokenRequests(harness.server);
      // Another tab has just sent this refresh token: its answer is on its way.
      markSpentByAnotherTab(a.storage);
      const b = tabAhead(a.storage, 3_590_000);
      b.start();
      // b's refresh found the mark, asked the tabs, and waits for the new session (up to 3 s).
      await sleep(300);
      b.dispose();
      if (restarted) b.start();

      await sleep(700);
      expect(a.auth.getSnapshot().status).toBe('authenticated');
      expect(b.getSnapshot()).toMatchObject({ status: 'authenticated', error: null });
      expect(tokenRequests(harness.server)).toBe(before);
      if (restarted) {
        // Started again, it still waits its full time for that answer before giving the sign-in up.
        await waitFor(() => b.getSnapshot().status === 'anonymous', 5_000, 'the lost answer');
        expect(b.getSnapshot().error).toMatchObject({ code: 'ERR_FIEF_REFRESH_LOST' });
        expect(tokenRequests(harness.server)).toBe(before);
      }
    });
  }
});
