/**
 * A refresh the token endpoint answered with an error that issues no tokens (a 503): the refresh token was not
 * used, and this tab will send it again. Another tab must not take it for spent (and end the sign-in everywhere).
 */

import { describe, expect, it } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import { FiefAuth } from '../fiefAuth.js';
import { sessionKey } from '../sessionStore.js';
import { MemoryStorage, storageKey } from '../storage.js';
import {
  accessTokenOf,
  CLIENT_ID,
  namespaceOf,
  tokenRequests,
  useAuthHarness,
  waitFor,
} from './authTestKit.js';

const harness = useAuthHarness({ accessTokenTTL: 60 });

/** A tab reloaded over a copy of the session in `from`, its clock 31 s ahead (the refresh is due). */
function reloadedTab(from: MemoryStorage, fetchFn: typeof fetch = fetch): FiefAuth {
  const storage = new MemoryStorage();
  const key = sessionKey(namespaceOf(harness.server));
  storage.setItem(key, from.getItem(key) ?? '');
  const fief = new Fief({ baseURL: harness.server.url, clientId: CLIENT_ID, fetch: fetchFn });
  return harness.track(
    new FiefAuth(fief, {
      storage,
      tabSync: { channel: harness.tabs.channel, locks: harness.tabs.locks },
      clock: () => Date.now() + 31_000,
    }),
  );
}

describe('a refresh answered with an error that issues no tokens', () => {
  it('leaves no spent mark: another tab refreshes, and no tab is signed out', async () => {
    const a = await harness.signedInTab();
    a.auth.dispose();
    let unavailable = true;
    const unavailableOnce: typeof fetch = async (input, init) => {
      if (unavailable && String(input).endsWith('/token')) {
        unavailable = false;
        const body = JSON.stringify({ error: 'temporarily_unavailable' });
        return new Response(body, { status: 503, headers: { 'Content-Type': 'application/json' } });
      }
      return fetch(input, init);
    };
    const x = reloadedTab(a.storage, unavailableOnce);
    x.start();
    await waitFor(() => x.getSnapshot().error !== null, 3_000, 'the error answer');
    expect(localStorage.getItem(storageKey('spent', namespaceOf(harness.server)))).toBeNull();
    const before = tokenRequests(harness.server);

    // Another tab refreshes before x tries again (in 2 s): it sends that refresh token, which Fief never used.
    const b = reloadedTab(a.storage);
    b.start();
    const tabs = [x, b];
    await waitFor(
      () =>
        tabs.some((tab) => tab.getSnapshot().status === 'anonymous') ||
        (tokenRequests(harness.server) > before && x.getSnapshot().error === null && sameTokens(x, b)),
      6_000,
      'the tabs to settle',
    );
    for (const tab of tabs) expect(tab.getSnapshot()).toMatchObject({ status: 'authenticated', error: null });
    expect(tokenRequests(harness.server)).toBe(before + 1);
  });
});

const sameTokens = (x: FiefAuth, y: FiefAuth): boolean => accessTokenOf(x) === accessTokenOf(y);
