/**
 * A tab that signs out writes the logout mark to `localStorage` at once, and tells the other tabs once its link to
 * them is open (that link loads on demand). Closed before, it tells no one: the other tabs learn it from the mark,
 * through the `storage` event the browser fires in them.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { logoutMarkKey, markLoggedOut } from '../sessionStore.js';
import { namespaceOf, sleep, tokenRequests, useAuthHarness, waitFor } from './authTestKit.js';

const harness = useAuthHarness();

/** What the browser does in this tab when another tab writes `key` of `localStorage`. */
function storageEventFromAnotherTab(key: string | null): void {
  window.dispatchEvent(new StorageEvent('storage', { key, storageArea: localStorage }));
}

/** Holds every token answer until `release()`; `sent` counts the token requests that left. */
function holdTokenAnswers(): { release(): void; sent(): number; undo(): void } {
  const original = globalThis.fetch;
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let sent = 0;
  globalThis.fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.endsWith('/token')) {
      sent += 1;
      const response = await original(input, init);
      await gate;
      return response;
    }
    return original(input, init);
  };
  return { release: open, sent: () => sent, undo: () => (globalThis.fetch = original) };
}

describe('a logout mark written by another tab', () => {
  const undo: (() => void)[] = [];
  afterEach(() => {
    for (const restore of undo.splice(0)) restore();
  });

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

  it('during a refresh whose answer is pending: the answer does not sign this tab back in', async () => {
    const tab = await harness.signedInTab();
    const namespace = namespaceOf(harness.server);
    const held = holdTokenAnswers();
    undo.push(held.undo);

    const refresh = tab.auth.getAccessToken({ forceRefresh: true });
    await waitFor(() => held.sent() === 1, 3_000, 'the refresh token request');
    markLoggedOut(localStorage, namespace, Date.now());
    storageEventFromAnotherTab(logoutMarkKey(namespace));
    expect(tab.auth.getSnapshot().status).toBe('anonymous');
    held.release();
    const token = await refresh;
    await sleep(200);

    expect(token).toBeNull();
    expect(tab.auth.getSnapshot().status).toBe('anonymous');
    expect(tab.storage.length).toBe(0);
  });

  it('while disposed (StrictMode): started again, the tab is signed out', async () => {
    const tab = await harness.signedInTab();
    const namespace = namespaceOf(harness.server);
    tab.auth.dispose();
    markLoggedOut(localStorage, namespace, Date.now());
    storageEventFromAnotherTab(logoutMarkKey(namespace));
    const before = tokenRequests(harness.server);

    tab.auth.start();
    await sleep(300);

    expect(tab.auth.getSnapshot().status).toBe('anonymous');
    expect(tokenRequests(harness.server)).toBe(before);
  });
});
