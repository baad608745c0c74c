/**
 * Logout messages that arrive late, twice, or with an odd time, while a login's code exchange is on its way and no
 * storage is shared by the tabs. A sign-out made before the exchange was sent (its message delayed, or delivered
 * again) does not fail the login made after it; a forged time is never read as later than the tab's clock.
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FiefAuthOptions } from '../fiefAuthOptions.js';
import { namespaceOf, PAGE_URL, useAuthHarness, waitFor } from './authTestKit.js';
import { exchangeAround as heldExchange } from './callbackPages.js';

const harness = useAuthHarness();

afterEach(() => {
  vi.unstubAllGlobals();
});

const noShared = (): FiefAuthOptions => ({
  tabSync: { channel: harness.tabs.channel, locks: harness.tabs.locks, shared: null },
});

/** Posts `data` as it travelled, or a message of `record`, on the tabs' channel, as a tab that is not an engine. */
function postOnChannel(data: string): void {
  const channel = harness.tabs.channel(`fief-spa/1:${namespaceOf(harness.server)}`);
  channel.postMessage(data);
}

const forged = (record: Record<string, unknown>) =>
  JSON.stringify({ p: 'fief-spa/1', from: 'forger', ...record });

/** The callback page's exchange on its way, `during` run meanwhile (after it was sent); the outcome. */
/** The exchange held on its way while `during` runs, then 20 ms for the messages it posted to land. */
function exchangeAround(during: () => Promise<void>) {
  return heldExchange(harness, noShared(), async () => {
    await during();
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
}

describe('no shared storage: a login after a sign-out', () => {
  it('holds when the sign-out message is delivered again (late) during its exchange', async () => {
    const other = await harness.signedInTab({ ...noShared(), navigate: () => {} });
    await other.auth.logout(PAGE_URL);
    await waitFor(() => other.auth.getSnapshot().status === 'anonymous', 2_000, 'the sign-out');
    const logouts = harness.tabs.posted.filter(
      (data) => typeof data === 'string' && data.includes('"kind":"logout"'),
    );
    expect(logouts.length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 5));

    const { auth, outcome } = await exchangeAround(async () => {
      for (const data of [...logouts, ...logouts]) postOnChannel(String(data));
    });

    expect(outcome).not.toBeInstanceOf(Error);
    expect(auth.getSnapshot().status).toBe('authenticated');
  });

  for (const [name, createdAt] of [
    ['0', 0],
    ['negative', -5],
    ['fractional, before the exchange', 1.5],
    ['a large negative', -1e308],
  ] as const) {
    it(`holds against a logout message naming a sign-out at ${name}, and it is no logout of it after`, async () => {
      const { auth, outcome } = await exchangeAround(async () => {
        postOnChannel(forged({ kind: 'logout', sid: null, generation: null, ended: { sid: '', createdAt } }));
      });
      expect(outcome).not.toBeInstanceOf(Error);
      postOnChannel(forged({ kind: 'logout', sid: null, generation: null, ended: { sid: '', createdAt } }));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(auth.getSnapshot().status).toBe('authenticated');
    });
  }

  it('fails with signed_out on a sign-out named far in the future (read as now), as a live session ends on it', async () => {
    const { auth, outcome } = await exchangeAround(async () => {
      postOnChannel(
        forged({ kind: 'logout', sid: null, generation: null, ended: { sid: '', createdAt: 1e300 } }),
      );
    });
    expect(outcome).toMatchObject({ reason: 'signed_out' });
    expect(auth.getSnapshot().tokenInfo).toBeNull();
  });
});
