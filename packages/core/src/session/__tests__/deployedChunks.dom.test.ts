/**
 * A deploy removes the old chunks from the app's server while pages of the old release stay open. A page that has
 * not loaded its token validation code by then never will: browsers remember a failed `import()` for the life of the
 * page. Fief rotates a refresh token when it is used, so a refresh whose answer cannot be validated loses the
 * sign-in. The engine loads that code as soon as it holds a refresh token, and never sends one before it has it.
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import type { FiefAuth } from '../fiefAuth.js';
import { type MemoryStorage, storageKeyPrefix } from '../storage.js';
import { keysWithPrefix } from '../storageListing.js';
import {
  accessTokenOf,
  CLIENT_ID,
  REDIRECT_URI,
  sleep,
  tokenRequests,
  useAuthHarness,
  waitFor,
} from './authTestKit.js';
import { deployedPage, resetDeployedPage } from './deployGate.js';

vi.mock('../../protocol/loadProtocolFlows.js', async (importOriginal) =>
  (await import('./deployGate.js')).gatedProtocolDoor(importOriginal),
);

/** Access tokens live 3 s; with a 1 s margin, each one is refreshed 2 s after it was issued. */
const harness = useAuthHarness({ accessTokenTTL: 3, refreshMarginSeconds: 1 });

afterEach(resetDeployedPage);

/** The tab of `storage` reloaded: a new page, whose module map holds nothing yet. */
function reloaded(storage: MemoryStorage, before: FiefAuth): FiefAuth {
  before.dispose();
  deployedPage.chunk = 'unloaded';
  const auth = harness.engine({ storage });
  auth.start();
  return auth;
}

describe('a deploy while a signed-in page is open', () => {
  it('the page loaded its validation code ahead, and refreshes after the deploy as before', async () => {
    const { auth, storage } = await harness.signedInTab();
    const reload = reloaded(storage, auth);
    const signedInWith = accessTokenOf(reload);
    // Long before the refresh is due (2 s after the login).
    await waitFor(() => deployedPage.chunk === 'loaded', 1_000, 'the validation code');
    deployedPage.deployed = true;

    await waitFor(() => accessTokenOf(reload) !== signedInWith, 4_000, 'the refresh');
    expect(reload.getSnapshot()).toMatchObject({ status: 'authenticated', error: null });
  });

  it('a page that could not load it keeps its refresh token unsent, and the next page refreshes with it', async () => {
    const { auth, storage } = await harness.signedInTab();
    deployedPage.deployed = true;
    const before = tokenRequests(harness.server);
    const stale = reloaded(storage, auth);

    await waitFor(() => stale.getSnapshot().error !== null, 4_000, 'the refresh to fail');
    expect(stale.getSnapshot().error).toMatchObject({ code: 'ERR_FIEF_CHUNK_LOAD' });
    // Until it expires, the access token is still good.
    expect(stale.getSnapshot().status).toBe('authenticated');
    await waitFor(() => stale.getSnapshot().status === 'error', 3_000, 'the access token to expire');
    expect(tokenRequests(harness.server)).toBe(before);

    // Reloaded after the deploy, the page loads the new release's code: the refresh token was never spent.
    deployedPage.deployed = false;
    const fresh = reloaded(storage, stale);
    await waitFor(() => fresh.getSnapshot().status !== 'loading', 3_000, 'the refresh');
    expect(fresh.getSnapshot()).toMatchObject({ status: 'authenticated', error: null });
    expect(tokenRequests(harness.server)).toBe(before + 1);
  });
});

describe('a login after a deploy', () => {
  it('rejects with ERR_FIEF_CHUNK_LOAD (reload the page), stores nothing and does not navigate', async () => {
    const urls: string[] = [];
    const auth = harness.engine({ navigate: (url) => urls.push(url) });
    auth.start();
    await sleep(50);
    deployedPage.deployed = true;

    await expect(auth.redirectToLogin(REDIRECT_URI)).rejects.toMatchObject({ code: 'ERR_FIEF_CHUNK_LOAD' });
    expect(auth.getSnapshot().error).toMatchObject({ code: 'ERR_FIEF_CHUNK_LOAD' });
    expect(urls).toEqual([]);
    expect(keysWithPrefix(sessionStorage, storageKeyPrefix('pending'))).toEqual([]);
  });
});

describe('Fief.authRefreshToken', () => {
  it('sends nothing when the validation code does not load, and says so with its own code', async () => {
    deployedPage.deployed = true;
    const sent: string[] = [];
    const fief = new Fief({
      baseURL: harness.server.url,
      clientId: CLIENT_ID,
      fetch: (input, init) => {
        sent.push(new URL(String(input)).pathname);
        return fetch(input, init);
      },
    });

    await expect(fief.authRefreshToken('a-refresh-token')).rejects.toMatchObject({
      name: 'FiefError',
      code: 'ERR_FIEF_CHUNK_LOAD',
      cause: expect.any(TypeError),
    });
    await expect(fief.loadTokenValidation()).rejects.toMatchObject({ code: 'ERR_FIEF_CHUNK_LOAD' });
    await sleep(50);
    expect(sent.filter((path) => path.endsWith('/token'))).toHaveLength(0);
  });
});
