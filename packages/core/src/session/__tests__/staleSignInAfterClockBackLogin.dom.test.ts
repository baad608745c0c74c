/**
 * A sign-out, the clock set back less than the future-claim tolerance, a new login within that time: the sign-in the
 * sign-out ended claims a later time than the new one. A page restored with the ended sign-in leaves every tab on the
 * new sign-in in the end. KNOWN BUG (helper 61, `it.fails` below): the tab that made the login never heard of the
 * ended sign-in's sid (it opened after the sign-out) and the mark was put back before it, so it adopts the restored
 * copy as newer, is told it ended, and shows signed out for a moment before it gets the new sign-in back.
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FiefAuth } from '../fiefAuth.js';
import type { FiefAuthOptions } from '../fiefAuthOptions.js';
import { accessTokenOf, copyOfStorage, PAGE_URL, useAuthHarness, waitFor } from './authTestKit.js';

const harness = useAuthHarness();

afterEach(() => {
  vi.unstubAllGlobals();
});

const SET_BACK_MS = 30_000;

/** Every status `auth` showed from now on. */
function statusesOf(auth: FiefAuth): string[] {
  const seen: string[] = [];
  auth.subscribe(() => seen.push(auth.getSnapshot().status));
  return seen;
}

/** The scenario; the statuses the login's tab and the signer's tab showed once the restored page started. */
async function restoredAfterClockBackLogin(sync: { shared?: null }) {
  let offset = 0;
  const clock = () => Date.now() + offset;
  const options = (): FiefAuthOptions => ({
    clock,
    navigate: () => {},
    tabSync: { channel: harness.tabs.channel, locks: harness.tabs.locks, ...sync },
  });
  const signer = await harness.signedInTab(options());
  const stale = copyOfStorage(signer.storage);
  const ended = accessTokenOf(signer.auth);
  await signer.auth.logout(PAGE_URL);
  await waitFor(() => signer.auth.getSnapshot().status === 'anonymous', 2_000, 'the sign-out');

  offset = -SET_BACK_MS;
  const login = await harness.signedInTab(options());
  const fresh = accessTokenOf(login.auth);
  await waitFor(() => accessTokenOf(signer.auth) === fresh, 2_000, 'the signer to adopt the new login');
  const loginStatuses = statusesOf(login.auth);
  const signerStatuses = statusesOf(signer.auth);

  const restored = harness.engine({ ...options(), storage: stale });
  restored.start();
  await new Promise((resolve) => setTimeout(resolve, 500));
  return {
    final: {
      login: accessTokenOf(login.auth) === fresh,
      signer: accessTokenOf(signer.auth) === fresh,
      restoredKeepsEnded: accessTokenOf(restored) === ended,
    },
    loginShowedSignedOut: loginStatuses.includes('anonymous'),
    signerShowedSignedOut: signerStatuses.includes('anonymous'),
  };
}

describe.each([
  ['shared storage', {}],
  ['no shared storage', { shared: null }],
] as const)('%s', (_name, sync) => {
  it('a page restored with the ended sign-in leaves every tab on the new login, the signer never signed out', async () => {
    const outcome = await restoredAfterClockBackLogin(sync);
    expect(outcome.final).toEqual({ login: true, signer: true, restoredKeepsEnded: false });
    expect(outcome.signerShowedSignedOut).toBe(false);
  });

  // Known bug: fails today (the login's tab flashes anonymous); flip to `it` once fixed.
  it.fails("the login's tab never shows signed out meanwhile", async () => {
    const outcome = await restoredAfterClockBackLogin(sync);
    expect(outcome.loginShowedSignedOut).toBe(false);
  });
});
