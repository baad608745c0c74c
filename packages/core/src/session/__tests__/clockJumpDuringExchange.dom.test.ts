/**
 * The user's clock jumps while a login's code exchange is on its way (set right by hand or by the system). The
 * engine orders a sign-out and a sign-in by that clock: a sign-out during the exchange must still stand, and no
 * jump may make a login after a sign-out fail for good.
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import { accessTokenOf, PAGE_URL, useAuthHarness, waitFor } from './authTestKit.js';
import { exchangeAround } from './callbackPages.js';

const harness = useAuthHarness();

afterEach(() => {
  vi.unstubAllGlobals();
});

const HOUR = 3_600_000;

/** The clock every tab of a test reads (one browser, one clock), `offset` ms off the real one. */
function userClock() {
  const clock = { offset: 0, now: () => Date.now() + clock.offset };
  return clock;
}

describe('a sign-out in another tab while the code exchange is on its way', () => {
  it('after the clock was set an hour ahead: stands', async () => {
    const clock = userClock();
    const other = await harness.signedInTab({ clock: clock.now, navigate: () => {} });
    const { auth, outcome } = await exchangeAround(harness, { clock: clock.now }, async () => {
      clock.offset = HOUR;
      await other.auth.logout(PAGE_URL);
    });

    expect(outcome).toMatchObject({ reason: 'signed_out' });
    expect(auth.getSnapshot().tokenInfo).toBeNull();
  });

  it('before the clock was set an hour back: stands', async () => {
    const clock = userClock();
    const other = await harness.signedInTab({ clock: clock.now, navigate: () => {} });
    const { auth, outcome } = await exchangeAround(harness, { clock: clock.now }, async () => {
      await other.auth.logout(PAGE_URL);
      clock.offset = -HOUR;
    });

    // The mark is then ahead of the clock (put back by the login), but so is the exchange: refused as from the future.
    // The clock no longer orders that sign-out, so the reason is the clock's, and nothing is kept either way.
    expect(outcome).toMatchObject({ reason: 'clock_set_back' });
    expect(auth.getSnapshot().tokenInfo).toBeNull();
  });
});

describe('the clock set back while the code exchange is on its way, no sign-out', () => {
  it('by a few seconds: the login holds in every tab', async () => {
    const clock = userClock();
    const { auth, outcome } = await exchangeAround(harness, { clock: clock.now }, async () => {
      clock.offset = -5_000;
    });

    expect(outcome).not.toBeInstanceOf(Error);
    expect(auth.getSnapshot().status).toBe('authenticated');
    const other = harness.openTab({ clock: clock.now });
    await waitFor(() => other.auth.getSnapshot().status !== 'loading', 2_000, 'another tab to settle');
    expect(accessTokenOf(other.auth)).toBe(accessTokenOf(auth));
  });
});

describe('the clock set back by over a minute while the code exchange is on its way, no sign-out', () => {
  it('refuses the login with its own reason, keeps nothing, and the next login holds', async () => {
    const clock = userClock();
    const { auth, outcome } = await exchangeAround(harness, { clock: clock.now }, async () => {
      clock.offset = -HOUR;
    });

    // Not `signed_out`: nobody signed out, and the user is told to just sign in again.
    expect(outcome).toMatchObject({ reason: 'clock_set_back' });
    expect(auth.getSnapshot().tokenInfo).toBeNull();

    const { auth: again, outcome: next } = await exchangeAround(
      harness,
      { clock: clock.now },
      async () => {},
    );
    expect(next).not.toBeInstanceOf(Error);
    expect(again.getSnapshot().status).toBe('authenticated');
  });
});

describe('a sign-out in the very millisecond the code exchange is sent (a clock that stands still)', () => {
  it('refuses that login, not the next one', async () => {
    const clock = { at: Date.now() };
    const now = () => clock.at;
    const other = await harness.signedInTab({ clock: now, navigate: () => {} });
    const { outcome } = await exchangeAround(harness, { clock: now }, async () => {
      await other.auth.logout(PAGE_URL);
    });
    expect(outcome).toMatchObject({ reason: 'signed_out' });

    clock.at += 1;
    const { auth, outcome: next } = await exchangeAround(harness, { clock: now }, async () => {});
    expect(next).not.toBeInstanceOf(Error);
    await waitFor(
      () => accessTokenOf(other.auth) === accessTokenOf(auth),
      2_000,
      'the other tab to adopt it',
    );
  });
});

describe('a login after a sign-out, with the clock set back between them', () => {
  it('holds in every tab and survives its refresh', async () => {
    const clock = userClock();
    const other = await harness.signedInTab({ clock: clock.now, navigate: () => {} });
    await other.auth.logout(PAGE_URL);
    clock.offset = -HOUR;

    const { auth, outcome } = await exchangeAround(harness, { clock: clock.now }, async () => {});

    expect(outcome).not.toBeInstanceOf(Error);
    await waitFor(
      () => accessTokenOf(other.auth) === accessTokenOf(auth),
      2_000,
      'the other tab to adopt it',
    );
    const refreshed = await auth.getAccessToken({ forceRefresh: true });
    expect(auth.getSnapshot().status).toBe('authenticated');
    await waitFor(() => accessTokenOf(other.auth) === refreshed, 2_000, 'the other tab to adopt the refresh');
  });
});
