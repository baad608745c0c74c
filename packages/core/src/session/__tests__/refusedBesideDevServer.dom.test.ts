/**
 * Against the dev server, which treats a reused refresh token as Fief does (deleted when used, the grant kept): two
 * tabs with no lock between them (no Web Locks, no storage shared by the tabs) both send one refresh token. The one
 * refused keeps the other tab's session (`spentBeside.ts`) instead of ending the sign-in everywhere.
 */
import { expect, it } from 'vitest';
import type { FiefAuthOptions } from '../fiefAuthOptions.js';
import { accessTokenOf, tokenRequests, useAuthHarness, waitFor } from './authTestKit.js';

const harness = useAuthHarness();

/** Tabs that reach each other by messages only: no lock, no spent mark. */
const withoutLock = (): FiefAuthOptions => ({
  tabSync: { channel: harness.tabs.channel, locks: null, shared: null },
});

it('a tab that sends the refresh token another tab just spent keeps that tab’s session, and the sign-in goes on', async () => {
  const a = await harness.signedInTab(withoutLock());
  const b = harness.openTab(withoutLock());
  await waitFor(
    () => accessTokenOf(b.auth) === accessTokenOf(a.auth),
    3_000,
    'tab b to adopt the session of tab a',
  );
  // News slower than the question a tab asks before it spends: tab b does not hear of tab a's refresh in time.
  harness.tabs.latencyMs = 1_000;
  const before = tokenRequests(harness.server);

  const refreshedInA = await a.auth.getAccessToken({ forceRefresh: true });
  const keptInB = await b.auth.getAccessToken({ forceRefresh: true });

  expect(tokenRequests(harness.server) - before).toBe(2); // tab b sent the refresh token tab a had spent
  expect(keptInB).toBe(refreshedInA);
  for (const tab of [a, b])
    expect(tab.auth.getSnapshot()).toMatchObject({ status: 'authenticated', error: null });

  // The grant lives on: the refresh token issued to tab a refreshes again, from either tab.
  harness.tabs.latencyMs = 0;
  const next = await b.auth.getAccessToken({ forceRefresh: true });
  expect(next).not.toBe(refreshedInA);
  await waitFor(() => accessTokenOf(a.auth) === next, 3_000, 'tab a to adopt the next refresh');
}, 20_000);
