/**
 * Messages from the other tabs while a login's code exchange is on its way, with no storage the tabs share (no
 * logout mark): a sign-out heard then stands; a message any tab could post (a forged one) does to the login no more
 * than it does to a live session.
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FiefAuth } from '../fiefAuth.js';
import type { FiefAuthOptions } from '../fiefAuthOptions.js';
import { namespaceOf, PAGE_URL, useAuthHarness, waitFor } from './authTestKit.js';
import { exchangeAround } from './callbackPages.js';

const harness = useAuthHarness();

afterEach(() => {
  vi.unstubAllGlobals();
});

/** No storage shared by the tabs: they learn of each other by messages only. */
const noShared = (): FiefAuthOptions => ({
  tabSync: { channel: harness.tabs.channel, locks: harness.tabs.locks, shared: null },
});

/** Posts `message` on the tabs' channel as a tab that is not an engine (any script of the origin can). */
function postAsAnotherTab(message: Record<string, unknown>): void {
  const channel = harness.tabs.channel(`fief-spa/1:${namespaceOf(harness.server)}`);
  channel.postMessage(JSON.stringify({ p: 'fief-spa/1', from: 'forger', ...message }));
}

const settledOn = (auth: FiefAuth, status: string) =>
  waitFor(() => auth.getSnapshot().status === status, 2_000, `the tab to be ${status}`);

describe('with no shared storage, while the code exchange is on its way', () => {
  it('a sign-out in another tab stands: the callback fails with signed_out and no tab holds the sign-in', async () => {
    const other = await harness.signedInTab({ ...noShared(), navigate: () => {} });
    const { auth, outcome } = await exchangeAround(harness, noShared(), async () => {
      await other.auth.logout(PAGE_URL);
      await settledOn(other.auth, 'anonymous');
      await new Promise((resolve) => setTimeout(resolve, 20));
    });

    expect(outcome).toMatchObject({ reason: 'signed_out' });
    expect(auth.getSnapshot().tokenInfo).toBeNull();
    expect(other.auth.getSnapshot().status).toBe('anonymous');
  });

  it('a logout message any tab could post signs a live session out, and fails the login alike', async () => {
    const live = await harness.signedInTab({ ...noShared(), navigate: () => {} });
    const { auth, outcome } = await exchangeAround(harness, noShared(), async () => {
      postAsAnotherTab({
        kind: 'logout',
        sid: null,
        generation: null,
        ended: { sid: 'x', createdAt: Date.now() },
      });
      await settledOn(live.auth, 'anonymous');
    });

    expect(live.auth.getSnapshot().status).toBe('anonymous');
    expect(outcome).toMatchObject({ reason: 'signed_out' });
    expect(auth.getSnapshot().tokenInfo).toBeNull();
  });
});
