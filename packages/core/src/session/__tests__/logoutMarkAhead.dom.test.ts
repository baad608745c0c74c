/**
 * The logout mark is written with the clock of the tab that signed out: a clock set ahead (then put right) leaves a
 * mark in the future. A later sign-in must still hold in every tab, and survive its refresh.
 */

import { describe, expect, it } from 'vitest';
import { STORAGE_VERSION, storageKey } from '../storage.js';
import { namespaceOf, useAuthHarness, waitFor } from './authTestKit.js';

const harness = useAuthHarness();

describe('a logout mark written by a clock set ahead', () => {
  it('a sign-in after it is adopted by the other tabs and survives its refresh', async () => {
    const aYearAhead = Date.now() + 365 * 86_400_000;
    const mark = JSON.stringify({ v: STORAGE_VERSION, at: aYearAhead });
    localStorage.setItem(storageKey('logout', namespaceOf(harness.server)), mark);

    const a = await harness.signedInTab();
    expect(a.auth.getSnapshot().status).toBe('authenticated');
    const b = harness.openTab();
    await waitFor(() => b.auth.getSnapshot().status !== 'loading', 1_000, 'tab b to settle');
    expect(b.auth.getSnapshot().status).toBe('authenticated');

    expect(await a.auth.getAccessToken({ forceRefresh: true })).toBeTruthy();
    expect(a.auth.getSnapshot().status).toBe('authenticated');
    await waitFor(
      () => b.auth.getSnapshot().tokenInfo?.access_token === a.auth.getSnapshot().tokenInfo?.access_token,
      1_000,
      'tab b to adopt the refresh',
    );
  });
});
