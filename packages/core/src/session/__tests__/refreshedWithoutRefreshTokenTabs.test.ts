/**
 * Fief answers a refresh whose scope lacks offline_access without a refresh token, and deletes the one it was sent:
 * the session after it (generation 1) cannot be refreshed, and the one before (generation 0) holds a spent token. A
 * page that still holds generation 0 (back from the back-forward cache) must adopt generation 1, or hear that
 * generation 0 ended, before it sends its refresh token: sent again, Fief refuses it, and that page shows an error
 * (after waiting half a minute for an answer, with shared storage) while the sign-in is live in the other tab, or had
 * ended quietly there. Was: the tab that refreshed stopped answering once its provider unmounted (only a session with
 * a refresh token was answered for), and told no tab that generation 0 was spent.
 */
import { expect, it, vi } from 'vitest';
import type { FiefTokenResponse, FiefUserInfo } from '../../protocol/types.js';
import { MemoryStorage } from '../storage.js';
import { useModelClock } from './modelRun.js';
import { InTestTabs, StubFief, type Tab, tab } from './stubFiefKit.js';

useModelClock();

/** Fief asked with a scope without offline_access: the refresh token sent is spent, and none comes back. */
class FiefWithoutOffline extends StubFief {
  override async authRefreshToken(rt: string): Promise<[FiefTokenResponse, FiefUserInfo]> {
    const [{ refresh_token: _spent, ...tokens }, claims] = await super.authRefreshToken(rt);
    return [tokens, claims];
  }
}

/**
 * Tab A refreshes generation 0 (rt-1) at 50 s into generation 1 (no refresh token, valid until 110 s) while page C,
 * in the back-forward cache, keeps generation 0; unless `running`, A's provider then unmounts. `withShared`: the tabs
 * share a storage (spent marks).
 */
async function refreshedBesideAwayPage(
  withShared: boolean,
  running: boolean,
): Promise<{ fief: StubFief; a: Tab; c: Tab }> {
  const shared = withShared ? new MemoryStorage() : null;
  const fief = new FiefWithoutOffline();
  fief.refusesReuse = true;
  const tabs = new InTestTabs();
  const session = fief.session();
  const a = tab(fief, tabs, session, shared);
  const c = tab(fief, tabs, session, shared);
  a.auth.start();
  await vi.advanceTimersByTimeAsync(52_000);
  expect(a.auth.getSnapshot()).toMatchObject({
    status: 'authenticated',
    tokenInfo: { access_token: 'at-2' },
  });
  if (!running) a.auth.dispose();
  return { fief, a, c };
}

for (const shared of [false, true]) {
  const storage = shared ? 'shared storage' : 'no shared storage';

  it(`${storage}: a page back from the cache adopts the session a stopped tab refreshed without a refresh token`, async () => {
    const { fief, c } = await refreshedBesideAwayPage(shared, false);
    c.auth.start(); // back: its generation 0 is due
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fief.sent).toEqual(['rt-1']);
    expect(c.auth.getSnapshot()).toMatchObject({
      status: 'authenticated',
      error: null,
      tokenInfo: { access_token: 'at-2' },
    });
  });

  for (const running of [true, false])
    it(`${storage}: a page back after that session expired in a ${running ? 'running' : 'stopped'} tab ends quietly`, async () => {
      const { fief, c } = await refreshedBesideAwayPage(shared, running);
      await vi.advanceTimersByTimeAsync(63_000);
      c.auth.start();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(fief.sent).toEqual(['rt-1']);
      expect(c.auth.getSnapshot()).toMatchObject({ status: 'anonymous', error: null });
    });
}

it('sessions in localStorage, the tab that refreshed closed: a page back after that session expired ends at once, quietly', async () => {
  // Was: the stored generation 1 could not be adopted (expired, no refresh token), and the spent mark of generation 0
  // made C wait half a minute for the session of a tab long gone (its app's token call with it), then end the
  // sign-in with ERR_FIEF_REFRESH_LOST.
  const fief = new FiefWithoutOffline();
  fief.refusesReuse = true;
  const local = new MemoryStorage();
  const session = fief.session();
  // Each page on tabs of its own: A, closed, answers no one.
  const a = tab(fief, new InTestTabs(), session, local, 10, { storage: local });
  const c = tab(fief, new InTestTabs(), session, local, 10, { storage: local });
  a.auth.start();
  await vi.advanceTimersByTimeAsync(52_000);
  a.auth.dispose();
  await vi.advanceTimersByTimeAsync(63_000);
  c.auth.start();
  const token = c.auth.getAccessToken();
  await vi.advanceTimersByTimeAsync(1_000);
  await expect(Promise.race([token, 'still waiting'])).resolves.toBeNull();
  expect(fief.sent).toEqual(['rt-1']);
  expect(c.auth.getSnapshot()).toMatchObject({ status: 'anonymous', error: null });
});
