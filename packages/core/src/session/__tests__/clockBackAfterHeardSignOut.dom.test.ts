/**
 * With no storage the tabs share, a tab learns of a sign-out only by its message, and of a later login only by the
 * session that login shares. After the user's clock was set back past the sign-out, that later sign-in claims an
 * earlier time than the sign-out: every open tab adopts it still, whether it signed out itself or heard so.
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FiefAuthOptions } from '../fiefAuthOptions.js';
import { accessTokenOf, PAGE_URL, useAuthHarness, waitFor } from './authTestKit.js';

const harness = useAuthHarness();

afterEach(() => {
  vi.unstubAllGlobals();
});

const HOUR = 3_600_000;

/** No storage shared by the tabs, and `clock` for every tab (one browser, one clock). */
function noSharedWith(clock: () => number): FiefAuthOptions {
  return {
    clock,
    navigate: () => {},
    tabSync: { channel: harness.tabs.channel, locks: harness.tabs.locks, shared: null },
  };
}

describe('no shared storage: a login after a sign-out and a clock set back an hour', () => {
  it('is adopted by the tab that heard the sign-out and by the tab that made it', async () => {
    let offset = 0;
    const clock = () => Date.now() + offset;
    const signer = await harness.signedInTab(noSharedWith(clock));
    const hearer = harness.openTab(noSharedWith(clock));
    await waitFor(
      () => accessTokenOf(hearer.auth) === accessTokenOf(signer.auth),
      2_000,
      'the other tab to adopt the sign-in',
    );
    await signer.auth.logout(PAGE_URL);
    await waitFor(() => hearer.auth.getSnapshot().status === 'anonymous', 2_000, 'the sign-out to be heard');

    offset = -HOUR;
    const login = await harness.signedInTab(noSharedWith(clock));
    expect(login.auth.getSnapshot().status).toBe('authenticated');

    await waitFor(
      () =>
        accessTokenOf(hearer.auth) === accessTokenOf(login.auth) &&
        accessTokenOf(signer.auth) === accessTokenOf(login.auth),
      2_000,
      'both tabs to adopt the later sign-in',
    ).catch(() => {});
    expect({
      hearer: accessTokenOf(hearer.auth) === accessTokenOf(login.auth),
      signer: accessTokenOf(signer.auth) === accessTokenOf(login.auth),
    }).toEqual({ hearer: true, signer: true });
  });
});
