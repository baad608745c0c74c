/**
 * Two logins whose code exchanges were sent in the same millisecond (the engine orders sign-ins by that time): the
 * tie is broken by sign-in ID, the same way in every tab, whichever answer lands first: both tabs end on one sign-in,
 * and the callback whose answer landed last resolves with it.
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../storage.js';
import { accessTokenOf, REDIRECT_URI, setPageURL, useAuthHarness, waitFor } from './authTestKit.js';
import { callbackPage } from './callbackPages.js';
import { holdTokenRequests } from './heldTokenRequests.js';

const harness = useAuthHarness();

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A clock that stands still while the exchanges are sent, shared by both tabs. */
const clock = { at: 0, now: () => clock.at || Date.now() };

describe.each([
  ['the first', [0, 1]],
  ['the second', [1, 0]],
])('two logins sent in the same millisecond, %s answer landing first', (_name, order) => {
  it('both tabs hold one sign-in, the one the last callback resolved with', async () => {
    clock.at = 0;
    const first = await callbackPage(harness, { storage: new MemoryStorage(), clock: clock.now });
    const second = await callbackPage(harness, { storage: new MemoryStorage(), clock: clock.now });
    const requests = holdTokenRequests();

    clock.at = Date.now();
    setPageURL(first.url);
    const firstResult = first.auth.authCallback(REDIRECT_URI);
    await waitFor(() => requests.sent() === 1, 2_000, 'the first code exchange to be sent');
    setPageURL(second.url);
    const secondResult = second.auth.authCallback(REDIRECT_URI);
    await waitFor(() => requests.sent() === 2, 2_000, 'the second code exchange to be sent');
    clock.at = 0;
    const results = [firstResult, secondResult];
    requests.release(order[0] as number);
    await results[order[0] as number];
    requests.release(order[1] as number);

    // The callback landing last resolves with the sign-in kept (its own, or the other one when that wins the tie);
    // the one landing first resolved with its own, which may have been replaced since.
    const kept = (await results[order[1] as number])?.tokens.access_token;
    expect(kept).toBeDefined();
    await waitFor(
      () => accessTokenOf(first.auth) === kept && accessTokenOf(second.auth) === kept,
      2_000,
      'both tabs to hold the sign-in kept',
    );
    requests.releaseAll();
  });
});
