/**
 * The logout mark in `localStorage` is written by any tab, any version, any clock: whatever it holds, a login after it
 * holds (no mark makes every login fail), and a sign-out while the code exchange is on its way still stands.
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import { FiefAuthCallbackError } from '../fiefAuthCallbackError.js';
import { readLoggedOutAt } from '../sessionStore.js';
import { STORAGE_VERSION, storageKey } from '../storage.js';
import {
  accessTokenOf,
  namespaceOf,
  PAGE_URL,
  REDIRECT_URI,
  useAuthHarness,
  waitFor,
} from './authTestKit.js';
import { callbackPage } from './callbackPages.js';
import { holdTokenRequests } from './heldTokenRequests.js';

const harness = useAuthHarness();

afterEach(() => {
  vi.unstubAllGlobals();
});

const mark = (at: unknown) => JSON.stringify({ v: STORAGE_VERSION, at });

/** Marks no tab of this version writes, or a clock far ahead wrote. */
const ODD_MARKS: readonly [string, string][] = [
  ['not JSON', 'garbage{'],
  ['a string time', mark('NaN')],
  ['null (what NaN serializes to)', mark(Number.NaN)],
  ['a negative time', mark(-5)],
  ['1e308', '{"v":1,"at":1e308}'],
  ['a fraction', mark(1.5)],
  ['the largest safe integer', mark(Number.MAX_SAFE_INTEGER)],
  ['a year ahead', mark(Date.now() + 365 * 86_400_000)],
  ['another version', JSON.stringify({ v: STORAGE_VERSION + 1, at: Date.now() + 86_400_000 })],
  ['too long', mark(Date.now() + 86_400_000) + ' '.repeat(2_000)],
];

function writeMark(raw: string): void {
  localStorage.setItem(storageKey('logout', namespaceOf(harness.server)), raw);
}

describe.each(ODD_MARKS)('a logout mark that is %s', (_name, raw) => {
  it('a login after it holds in every tab, and survives its first refresh', async () => {
    writeMark(raw);
    const { auth } = await callbackPage(harness);

    const result = await auth.authCallback(REDIRECT_URI);

    expect(accessTokenOf(auth)).toBe(result.tokens.access_token);
    const other = harness.openTab();
    await waitFor(() => other.auth.getSnapshot().status !== 'loading', 2_000, 'another tab to settle');
    expect(accessTokenOf(other.auth)).toBe(result.tokens.access_token);
    const refreshed = await auth.getAccessToken({ forceRefresh: true });
    expect(refreshed).not.toBe(result.tokens.access_token);
    expect(auth.getSnapshot().status).toBe('authenticated');
    await waitFor(() => accessTokenOf(other.auth) === refreshed, 2_000, 'the other tab to adopt the refresh');
  });

  it('a sign-out in another tab while the code exchange is on its way still stands', async () => {
    writeMark(raw);
    const other = await harness.signedInTab({ navigate: () => {} });
    const { auth } = await callbackPage(harness);
    const requests = holdTokenRequests();

    const callback = auth.authCallback(REDIRECT_URI).catch((error: unknown) => error);
    await waitFor(() => requests.sent() === 1, 2_000, 'the code exchange to be sent');
    await other.auth.logout(PAGE_URL);
    requests.releaseAll();

    expect(await callback).toBeInstanceOf(FiefAuthCallbackError);
    expect(await callback).toMatchObject({ reason: 'signed_out' });
    expect(auth.getSnapshot().tokenInfo).toBeNull();
    expect(other.auth.getSnapshot().status).toBe('anonymous');
  });
});

describe('a logout mark a clock far ahead writes while the code exchange is on its way', () => {
  it('with no sign-out, the login holds and the mark is put back before it', async () => {
    const { auth } = await callbackPage(harness);
    const requests = holdTokenRequests();

    const callback = auth.authCallback(REDIRECT_URI);
    await waitFor(() => requests.sent() === 1, 2_000, 'the code exchange to be sent');
    writeMark(mark(Date.now() + 365 * 86_400_000));
    requests.releaseAll();

    const result = await callback;
    expect(accessTokenOf(auth)).toBe(result.tokens.access_token);
    expect(readLoggedOutAt(localStorage, namespaceOf(harness.server))).toBeLessThan(Date.now());
    expect(await auth.getAccessToken({ forceRefresh: true })).not.toBe(result.tokens.access_token);
    expect(auth.getSnapshot().status).toBe('authenticated');
  });
});
