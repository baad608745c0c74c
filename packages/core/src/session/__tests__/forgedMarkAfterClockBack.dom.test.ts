/**
 * The logout mark is untrusted: after a sign-out in this tab and the clock set back past it, a mark lowered to
 * anything (0, a time just after the clock, or an odd value) lets this tab yield its sign-out time, but never adopt
 * the sign-in its sign-out ended (refused by sid): a page restored with that sign-in is told it ended.
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import { STORAGE_VERSION, storageKey } from '../storage.js';
import {
  accessTokenOf,
  copyOfStorage,
  namespaceOf,
  PAGE_URL,
  useAuthHarness,
  waitFor,
} from './authTestKit.js';

const harness = useAuthHarness();

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Less than the tolerance of a session claiming a future time: the ended sign-in is not refused as from the future. */
const SET_BACK_MS = 30_000;

function writeMark(raw: string): void {
  localStorage.setItem(storageKey('logout', namespaceOf(harness.server)), raw);
}

const LOWER_MARKS: readonly [string, (now: number) => string][] = [
  ['0', () => JSON.stringify({ v: STORAGE_VERSION, at: 0 })],
  ['just behind the clock', (now) => JSON.stringify({ v: STORAGE_VERSION, at: now - 1 })],
  ['negative', () => JSON.stringify({ v: STORAGE_VERSION, at: -1 })],
  ['a string', () => JSON.stringify({ v: STORAGE_VERSION, at: '0' })],
  ['removed', () => ''],
];

describe.each(LOWER_MARKS)('a sign-out, the clock set back 30 s, then a mark that is %s', (_name, markAt) => {
  it('the tab that signed out never adopts the sign-in it ended, and tells a page restored with it', async () => {
    let offset = 0;
    const clock = () => Date.now() + offset;
    const signer = await harness.signedInTab({ clock, navigate: () => {} });
    const stale = copyOfStorage(signer.storage);
    const endedToken = accessTokenOf(signer.auth);
    await signer.auth.logout(PAGE_URL);
    await waitFor(() => signer.auth.getSnapshot().status === 'anonymous', 2_000, 'the sign-out');

    offset = -SET_BACK_MS;
    const raw = markAt(clock());
    if (raw === '') localStorage.removeItem(storageKey('logout', namespaceOf(harness.server)));
    else writeMark(raw);
    // A page restored with the ended sign-in in its own storage, which never heard the sign-out.
    const restored = harness.engine({ clock, storage: stale, navigate: () => {} });
    restored.start();
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(accessTokenOf(signer.auth)).toBeUndefined();
    expect(signer.auth.getSnapshot().status).toBe('anonymous');
    await waitFor(() => accessTokenOf(restored) !== endedToken, 2_000, 'the restored page to be told').catch(
      () => {},
    );
    expect(accessTokenOf(restored)).not.toBe(endedToken);
  });
});
