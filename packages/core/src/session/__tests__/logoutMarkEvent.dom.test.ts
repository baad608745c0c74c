/**
 * A tab that signs out writes the logout mark to `localStorage` at once, and tells the other tabs once its link to
 * them is open (that link loads on demand). Closed before, it tells no one: the other tabs learn it from the mark,
 * through the `storage` event the browser fires in them.
 */

import { describe, expect, it } from 'vitest';
import { logoutMarkKey, markLoggedOut } from '../sessionStore.js';
import { namespaceOf, useAuthHarness } from './authTestKit.js';

const harness = useAuthHarness();

/** What the browser does in this tab when another tab writes `key` of `localStorage`. */
function storageEventFromAnotherTab(key: string | null): void {
  window.dispatchEvent(new StorageEvent('storage', { key, storageArea: localStorage }));
}

describe('a logout mark written by another tab', () => {
  it('ends this sign-in at once, and removes it from storage', async () => {
    const tab = await harness.signedInTab();
    const namespace = namespaceOf(harness.server);
    expect(tab.auth.getSnapshot().status).toBe('authenticated');

    // Another tab signed out and closed before its message went out: only its mark is left.
    markLoggedOut(localStorage, namespace, Date.now());
    storageEventFromAnotherTab(logoutMarkKey(namespace));

    expect(tab.auth.getSnapshot().status).toBe('anonymous');
    expect(tab.auth.getSnapshot().tokenInfo).toBeNull();
    expect(tab.storage.length).toBe(0);
  });

  it('leaves a later sign-in alone, and ignores the other keys', async () => {
    const namespace = namespaceOf(harness.server);
    markLoggedOut(localStorage, namespace, Date.now() - 60_000);
    const tab = await harness.signedInTab();

    storageEventFromAnotherTab(logoutMarkKey(namespace));
    storageEventFromAnotherTab(null);
    markLoggedOut(localStorage, namespace, Date.now());
    storageEventFromAnotherTab('some-other-key');

    expect(tab.auth.getSnapshot().status).toBe('authenticated');
  });

  it('is not listened to once the engine is disposed', async () => {
    const tab = await harness.signedInTab();
    const namespace = namespaceOf(harness.server);
    tab.auth.dispose();

    markLoggedOut(localStorage, namespace, Date.now());
    storageEventFromAnotherTab(logoutMarkKey(namespace));

    expect(tab.auth.getSnapshot().status).toBe('authenticated');
  });
});
