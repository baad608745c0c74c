/**
 * A page that missed messages from the other tabs (kept in the back-forward cache, offline) reads its storage
 * again and asks the other tabs when it comes back, and settles within a second (issue 11, finding 9).
 */

import { describe, expect, it } from 'vitest';
import type { BroadcastChannelLike } from '../tabSync.js';
import { accessTokenOf, PAGE_URL, sleep, type TestTab, useAuthHarness, waitFor } from './authTestKit.js';

const harness = useAuthHarness();

/** A tab whose messages stop, both ways, while it is frozen (in the back-forward cache, or offline). */
function freezableTab(): TestTab & { freeze(): void; thaw(): Promise<void> } {
  let frozen = false;
  const channel = (name: string): BroadcastChannelLike => {
    const inner = harness.tabs.channel(name);
    const wrapped = new Map<unknown, (event: { readonly data: unknown }) => void>();
    return {
      postMessage: (message) => {
        if (!frozen) inner.postMessage(message);
      },
      addEventListener: (type, listener) => {
        const unlessFrozen = (event: { readonly data: unknown }) => {
          if (!frozen) listener(event);
        };
        wrapped.set(listener, unlessFrozen);
        inner.addEventListener(type, unlessFrozen);
      },
      removeEventListener: (type, listener) => {
        const unlessFrozen = wrapped.get(listener);
        if (unlessFrozen !== undefined) inner.removeEventListener(type, unlessFrozen);
      },
      close: () => inner.close(),
    };
  };
  const tab = harness.openTab({ tabSync: { channel, locks: harness.tabs.locks } });
  return {
    ...tab,
    freeze: () => {
      frozen = true;
    },
    // Messages reach a tab in a later task: those sent while it was frozen are dropped before it thaws.
    thaw: async () => {
      await sleep(50);
      frozen = false;
    },
  };
}

/** The page is shown again from the back-forward cache. */
function restoreFromBackForwardCache(): void {
  window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
}

describe('a page back after it missed what other tabs did', () => {
  it('restored from the back-forward cache after a sign-out in another tab, it is signed out within a second', async () => {
    const a = await harness.signedInTab();
    const b = freezableTab();
    await waitFor(() => b.auth.isAuthenticated(), 3_000, 'tab b to adopt the session of tab a');
    b.freeze();
    await a.auth.logout(PAGE_URL);
    await b.thaw();
    expect(b.auth.isAuthenticated()).toBe(true); // it missed the logout message

    restoreFromBackForwardCache();

    await waitFor(() => b.auth.getSnapshot().status === 'anonymous', 1_000, 'tab b signed out');
  });

  it('restored from the back-forward cache after a sign-in in another tab, it is signed in within a second', async () => {
    const b = freezableTab();
    await waitFor(() => b.auth.getSnapshot().status === 'anonymous', 1_000, 'tab b settled');
    b.freeze();
    const a = await harness.signedInTab();
    await b.thaw();
    expect(b.auth.getSnapshot().status).toBe('anonymous');

    restoreFromBackForwardCache();

    await waitFor(() => b.auth.isAuthenticated(), 1_000, 'tab b signed in');
    expect(accessTokenOf(b.auth)).toBe(accessTokenOf(a.auth));
  });

  it('back online after a sign-in in another tab, it is signed in within a second', async () => {
    const b = freezableTab();
    await waitFor(() => b.auth.getSnapshot().status === 'anonymous', 1_000, 'tab b settled');
    b.freeze();
    await harness.signedInTab();
    await b.thaw();

    window.dispatchEvent(new Event('online'));

    await waitFor(() => b.auth.isAuthenticated(), 1_000, 'tab b signed in');
  });

  it('a page shown without the back-forward cache (a normal load) asks nothing', async () => {
    const b = freezableTab();
    await waitFor(() => b.auth.getSnapshot().status === 'anonymous', 1_000, 'tab b settled');
    const posted = harness.tabs.posted.length;

    window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: false }));

    expect(harness.tabs.posted.length).toBe(posted);
  });
});
