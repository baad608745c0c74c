/**
 * A disposed engine (its provider unmounted, the app's API client still calling it) that refreshes or signs out
 * tells the other tabs: its news concerns them whether it listens or not. Before, it refreshed in silence, and the
 * other tabs, finding its refresh token spent, waited 33 s for a session nobody would send and then signed out.
 */

import { describe, expect, it } from 'vitest';
import { accessTokenOf, tokenRequests, useAuthHarness, waitFor } from './authTestKit.js';

const harness = useAuthHarness();

/** Two tabs signed in to the same session; `b` is then disposed. */
async function tabsWithOneDisposed() {
  const a = await harness.signedInTab();
  const b = harness.openTab();
  await waitFor(() => b.auth.getSnapshot().status === 'authenticated', 3_000, 'b adopting the session');
  b.auth.dispose();
  return { a: a.auth, b: b.auth };
}

describe('a disposed engine asked for a token', () => {
  it('tells the other tabs of its refresh: they adopt the new session and refresh from it, sending no spent token', async () => {
    const { a, b } = await tabsWithOneDisposed();
    const before = tokenRequests(harness.server);

    const refreshed = await b.getAccessToken({ forceRefresh: true });
    expect(refreshed).not.toBeNull();
    await waitFor(() => accessTokenOf(a) === refreshed, 2_000, 'a adopting the refreshed session');

    // a's own refresh spends the refresh token b got, not the one b spent.
    const next = await a.getAccessToken({ forceRefresh: true });
    expect(next).not.toBe(refreshed);
    expect(a.getSnapshot()).toMatchObject({ status: 'authenticated', error: null });
    expect(tokenRequests(harness.server)).toBe(before + 2);
  }, 15_000);
});

describe('a disposed engine whose refresh token another tab spent', () => {
  it("listens for that tab's session while it waits, adopts it, and signs no tab out", async () => {
    const { a, b } = await tabsWithOneDisposed();
    const before = tokenRequests(harness.server);
    // a refreshes while b, disposed, does not listen: b still holds the refresh token a spent.
    const refreshedByA = await a.getAccessToken({ forceRefresh: true });

    const startedAt = Date.now();
    const token = await b.getAccessToken({ forceRefresh: true });
    // b found the mark of a's refresh, asked the tabs, and heard a's answer (not 33 s of silence, then a sign-out).
    expect(token).toBe(refreshedByA);
    expect(Date.now() - startedAt).toBeLessThan(3_000);
    expect(b.getSnapshot()).toMatchObject({ status: 'authenticated', error: null });
    expect(a.getSnapshot()).toMatchObject({ status: 'authenticated', error: null });
    expect(tokenRequests(harness.server)).toBe(before + 1);
    // Disposed, it now holds a session that came from a refresh: it answers the tabs on a channel of its own (a tab
    // that missed a's news may mount again later, when a is gone), until that sign-in ends.
    expect(harness.tabs.openChannels).toBe(2);
    await a.logout('http://127.0.0.1:5173/').catch(() => {});
    await waitFor(() => harness.tabs.openChannels === 1, 2_000, "b's answering channel closed");
  }, 45_000);
});

describe('a disposed engine asked to sign out', () => {
  it('signs the other tabs out through a channel opened for that message', async () => {
    const { a, b } = await tabsWithOneDisposed();
    // No logout mark reaches a here (its storage events are those of the same document): only the message can.
    localStorage.clear();
    const openBefore = harness.tabs.openChannels;
    await b.logout('http://127.0.0.1:5173/').catch(() => {});
    await waitFor(() => a.getSnapshot().status === 'anonymous', 2_000, 'a signed out');
    // The channel opened for the message is closed again.
    expect(harness.tabs.openChannels).toBe(openBefore);
  }, 15_000);
});
