/**
 * Fief goes down after a sign-in cached its discovery document (issue 16, item 2): building the login and logout
 * URLs then asks Fief nothing, so only the reachability check keeps the page from leaving for the browser's "This
 * site can't be reached" page. A login is refused and recorded; a logout ends the session everywhere, then rejects.
 */

import type { DevServer } from '@fief-spa/dev-server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FiefError } from '../../protocol/errors.js';
import { Fief } from '../../protocol/fief.js';
import { FiefAuth } from '../fiefAuth.js';
import { loadedSessionFlows, loadSessionFlows } from '../loadSessionFlows.js';
import { storageKey, storageKeyPrefix } from '../storage.js';
import { keysWithPrefix } from '../storageListing.js';
import {
  CLIENT_ID,
  loginUntilCallback,
  namespaceOf,
  PAGE_URL,
  REDIRECT_URI,
  recordNavigation,
  setPageURL,
  startServer,
  type TestTab,
  useAuthHarness,
  waitFor,
} from './authTestKit.js';

vi.mock('../loadSessionFlows.js', (original) =>
  import('./sessionFlowsSpies.js').then((kit) => kit.spied(original)),
);

const harness = useAuthHarness();

/** A Fief of this test alone, that the test can stop. */
let fief: DevServer;
let fiefRunning = false;
beforeEach(async () => {
  fief = await startServer();
  fiefRunning = true;
});
afterEach(async () => {
  vi.mocked(loadedSessionFlows).mockRestore();
  vi.mocked(loadSessionFlows).mockRestore();
  if (fiefRunning) await goDown();
});

async function goDown(): Promise<void> {
  fiefRunning = false;
  await fief.close();
}

/** A started engine of `fief` acting as one tab, and where it navigated. */
function openTab(): TestTab & { navigation: ReturnType<typeof recordNavigation> } {
  const navigation = recordNavigation();
  const tab = harness.tabs.tabOptions({ navigate: navigation.navigate });
  const auth = harness.track(new FiefAuth(new Fief({ baseURL: fief.url, clientId: CLIENT_ID }), tab));
  auth.start();
  return { auth, storage: tab.storage as TestTab['storage'], navigation };
}

/** Requests of the discovery document that `fief` answered since `from` (the check asks for it too). */
function discoveryRequests(from: number): number {
  return fief.requests
    .slice(from)
    .filter((request) => request.method === 'GET' && request.path === '/.well-known/openid-configuration')
    .length;
}

async function rejection(promise: Promise<unknown>): Promise<FiefError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection, it resolved');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FiefError);
  return error as FiefError;
}

const pendingLogins = () => keysWithPrefix(sessionStorage, storageKeyPrefix('pending')).length;
const storedSessions = (tab: TestTab) => keysWithPrefix(tab.storage, storageKeyPrefix('session')).length;

describe('a login with discovery cached', () => {
  it('is refused with ERR_FIEF_UNREACHABLE when Fief went down, recorded in the snapshot, and never navigates', async () => {
    const { auth, navigation } = openTab();
    await auth.ready();
    await auth.redirectToLogin(REDIRECT_URI); // caches discovery
    expect(navigation.urls).toHaveLength(1);
    expect(pendingLogins()).toBe(1);
    await goDown();

    const error = await rejection(auth.redirectToLogin(REDIRECT_URI, { returnTo: '/account' }));

    expect(error.code).toBe('ERR_FIEF_UNREACHABLE');
    expect(error.message).toContain(fief.url);
    expect(navigation.urls).toHaveLength(1);
    expect(auth.getSnapshot()).toMatchObject({ status: 'anonymous', error });
    expect(pendingLogins()).toBe(1); // nothing saved for a login that cannot happen
  });

  it('requests discovery while the login code loads, then checks Fief', async () => {
    const actual = await loadSessionFlows();
    let release = () => {};
    const arrived = new Promise<void>((resolve) => (release = resolve));
    // A page whose session chunk is still on its way.
    vi.mocked(loadedSessionFlows).mockReturnValue(null);
    vi.mocked(loadSessionFlows).mockImplementation(() => arrived.then(() => actual));
    const from = fief.requests.length;
    const { auth, navigation } = openTab();

    const login = auth.redirectToLogin(REDIRECT_URI);
    await waitFor(() => discoveryRequests(from) === 1, 2_000, 'discovery, while the login code is held back');
    expect(navigation.urls).toHaveLength(0);
    release();
    await login;

    // Discovery, then the check, sent by the login code once it arrived (a started engine has loaded it already).
    expect(discoveryRequests(from)).toBe(2);
    expect(navigation.urls).toHaveLength(1);
    expect(new URL(navigation.last()).origin).toBe(fief.url);
  });

  it('goes to Fief when Fief answers, after one check', async () => {
    const { auth, navigation } = openTab();
    await auth.redirectToLogin(REDIRECT_URI);
    const from = fief.requests.length;
    await auth.redirectToLogin(REDIRECT_URI);
    expect(discoveryRequests(from)).toBe(1);
    expect(new URL(navigation.last()).pathname).toMatch(/\/authorize$/);
  });
});

describe('a logout', () => {
  async function twoSignedInTabs() {
    const a = openTab();
    await loginUntilCallback(a.auth, a.navigation);
    await a.auth.authCallback(REDIRECT_URI);
    setPageURL(PAGE_URL);
    const b = openTab();
    await waitFor(() => b.auth.isAuthenticated(), 3_000, 'the second tab signed in');
    return { a, b };
  }

  it('to a Fief that went down ends the session here and in every tab, then rejects without navigating', async () => {
    const { a, b } = await twoSignedInTabs();
    const navigations = a.navigation.urls.length;
    await goDown();

    const error = await rejection(a.auth.logout(PAGE_URL));

    expect(error.code).toBe('ERR_FIEF_UNREACHABLE');
    expect(a.navigation.urls).toHaveLength(navigations);
    expect(a.auth.getSnapshot()).toMatchObject({ status: 'anonymous', userinfo: null, tokenInfo: null });
    expect(storedSessions(a)).toBe(0);
    await waitFor(() => b.auth.getSnapshot().status === 'anonymous', 2_000, 'the other tab signed out');
    expect(storedSessions(b)).toBe(0);
    // A tab restored later with its old sessionStorage stays signed out too.
    expect(localStorage.getItem(storageKey('logout', namespaceOf(fief)))).not.toBeNull();
    expect(await a.auth.getAccessToken()).toBeNull();
  });

  it('to a Fief that answers goes to its logout URL after one check', async () => {
    const { a } = await twoSignedInTabs();
    const from = fief.requests.length;
    await a.auth.logout(PAGE_URL);
    expect(discoveryRequests(from)).toBe(1);
    expect(new URL(a.navigation.last()).pathname).toBe('/logout');
    expect(a.auth.getSnapshot().status).toBe('anonymous');
  });
});
