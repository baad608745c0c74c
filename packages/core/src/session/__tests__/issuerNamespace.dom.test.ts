/**
 * Records are namespaced by issuer and client id (issue 11, finding 3): two identity servers may well use the same
 * client id, and an engine of one must never adopt the other's session nor send its refresh token there.
 */

import type { DevServer } from '@fief-spa/dev-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FiefAuth } from '../fiefAuth.js';
import {
  newFief,
  PAGE_URL,
  sleep,
  startServer,
  tokenRequests,
  useAuthHarness,
  waitFor,
} from './authTestKit.js';

const harness = useAuthHarness();
let otherServer: DevServer;
beforeAll(async () => {
  otherServer = await startServer();
});
afterAll(() => otherServer.close());

describe('an engine of another issuer, with the same client id, in the same page', () => {
  it('does not adopt the signed-in session, sends it nowhere, and its logout signs nobody else out', async () => {
    const a = await harness.signedInTab();
    const other = harness.track(
      new FiefAuth(newFief(otherServer), {
        storage: a.storage,
        navigate: () => {},
        tabSync: { channel: harness.tabs.channel, locks: harness.tabs.locks },
      }),
    );
    other.start();
    await waitFor(() => other.getSnapshot().status !== 'loading', 1_000, 'the other engine to settle');

    expect(other.getSnapshot().status).toBe('anonymous');
    expect(await other.getAccessToken({ forceRefresh: true })).toBeNull();
    expect(tokenRequests(otherServer)).toBe(0);

    await other.logout(PAGE_URL);
    await sleep(100); // a logout message would have landed
    expect(a.auth.isAuthenticated()).toBe(true);
    expect(await a.auth.getAccessToken()).not.toBeNull();
  });
});
