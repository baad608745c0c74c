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
    it(`signs no tab out${restarted ? ' when started again (StrictMode)' : ''}, and sends no refresh token while the other tab's may answer`, async () => {
      const a = await harness.signedInTab();
      const before = tokenRequests(harness.server);
      // Another tab has just sent this refresh token: its answer is on its way.
      markSpentByAnotherTab(a.storage);
      const b = tabAhead(a.storage, 3_590_000);
      b.start();
      // b's refresh found the mark, asked the tabs, and waits for the new session.
      await sleep(300);
      b.dispose();
      if (restarted) b.start();

      await sleep(700);
      expect(a.auth.getSnapshot().status).toBe('authenticated');
      expect(b.getSnapshot()).toMatchObject({ status: 'authenticated', error: null });
      expect(tokenRequests(harness.server)).toBe(before);
      if (restarted) {
        // Started again, it still waits for that answer: as long as the other tab's request may answer.
        await sleep(3_000);
        expect(b.getSnapshot()).toMatchObject({ status: 'authenticated', error: null });
        expect(tokenRequests(harness.server)).toBe(before);
        // That request got no answer, and the other tab withdrew its mark: the refresh token is still good.
        localStorage.removeItem(storageKey('spent', namespaceOf(harness.server)));
        await waitFor(() => tokenRequests(harness.server) === before + 1, 3_000, 'its own refresh');
        await waitFor(
          () => b.getSnapshot().tokenInfo?.access_token !== a.auth.getSnapshot().tokenInfo?.access_token,
          3_000,
          'the refreshed session',
        );
        expect(b.getSnapshot()).toMatchObject({ status: 'authenticated', error: null });
      }
    }, 15_000);
  }
});
