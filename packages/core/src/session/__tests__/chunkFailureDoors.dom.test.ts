/**
 * Login and logout when the session chunk is slow or failed: a logout's message goes out before the page leaves, and
 * the code that cannot load is reported alike (`ERR_FIEF_CHUNK_LOAD`: reload the page), nothing navigated to,
 * nothing stored (helper 22's findings 3 and 6).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FiefError } from '../../protocol/errors.js';
import { FiefAuth } from '../fiefAuth.js';
import { loadedSessionFlows, loadSessionFlows } from '../loadSessionFlows.js';
import { storageKeyPrefix } from '../storage.js';
import { keysWithPrefix } from '../storageListing.js';
import { anotherTabHearing, InTestTabs, sessionChunkArrived, sleep } from './authTestKit.js';
import { signedInAtNowhere } from './sessionFixtures.js';

vi.mock('../loadSessionFlows.js', (original) =>
  import('./sessionFlowsSpies.js').then((kit) => kit.spied(original)),
);
const { loadSessionFlows: actualLoad } =
  await vi.importActual<typeof import('../loadSessionFlows.js')>('../loadSessionFlows.js');

const engines: FiefAuth[] = [];
afterEach(() => {
  for (const auth of engines.splice(0)) auth.dispose();
  vi.unstubAllGlobals();
  vi.mocked(loadSessionFlows).mockImplementation(actualLoad);
  sessionStorage.clear();
  localStorage.clear();
});

describe('logout from a started tab whose link failed to open (chunk failed once, loads now)', () => {
  it('the logout message has gone out before the page leaves (no shared storage: no mark)', async () => {
    await sessionChunkArrived();
    const { fief, storage } = signedInAtNowhere();
    const tabs = new InTestTabs();
    anotherTabHearing(tabs, fief);
    let postedAtNavigation = -1;
    const auth = new FiefAuth(fief, {
      storage,
      navigate: () => {
        postedAtNavigation = tabs.posted.length;
      },
      tabSync: { channel: tabs.channel, locks: tabs.locks, shared: null },
    });
    engines.push(auth);
    vi.mocked(loadSessionFlows).mockImplementationOnce(() =>
      Promise.reject(new TypeError('Failed to fetch')),
    );
    auth.start();
    await sleep(10);
    await auth.logout('http://127.0.0.1:5173/');
    expect(postedAtNavigation).toBeGreaterThanOrEqual(1);
  });
});

describe('errors when the session chunk cannot load', () => {
  it('login and logout reject with the same code (ERR_FIEF_CHUNK_LOAD), store nothing, do not navigate', async () => {
    const { fief, storage } = signedInAtNowhere();
    const urls: string[] = [];
    const auth = new FiefAuth(fief, {
      storage,
      navigate: (url) => urls.push(url),
      tabSync: { channel: new InTestTabs().channel, locks: new InTestTabs().locks, shared: localStorage },
    });
    engines.push(auth);
    // This page never had the chunk (other tests of this file loaded it).
    vi.mocked(loadedSessionFlows).mockReturnValue(null);
    vi.mocked(loadSessionFlows).mockImplementation(() => Promise.reject(new TypeError('Failed to fetch')));
    auth.start();
    await sleep(10);
    const login = await auth.redirectToLogin('http://127.0.0.1:5173/callback').then(
      () => null,
      (e: unknown) => e,
    );
    const logout = await auth.logout('http://127.0.0.1:5173/').then(
      () => null,
      (e: unknown) => e,
    );
    expect(urls).toHaveLength(0);
    expect(keysWithPrefix(sessionStorage, storageKeyPrefix('pending'))).toHaveLength(0);
    expect(logout).toBeInstanceOf(FiefError);
    expect((logout as FiefError).code).toBe('ERR_FIEF_CHUNK_LOAD');
    expect(login).toBeInstanceOf(FiefError);
    expect((login as FiefError).code).toBe('ERR_FIEF_CHUNK_LOAD');
    // The logout ended the session all the same, here and, through its mark, in every other tab.
    expect(auth.getSnapshot()).toMatchObject({ status: 'anonymous', userinfo: null, tokenInfo: null });
    expect(keysWithPrefix(storage, storageKeyPrefix('session'))).toHaveLength(0);
    expect(keysWithPrefix(localStorage, storageKeyPrefix('logout'))).toHaveLength(1);
  });
});
