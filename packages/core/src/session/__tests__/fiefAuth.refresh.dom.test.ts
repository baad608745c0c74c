import { DEMO_USER } from '@fief-spa/dev-server';
import { describe, expect, it } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import { FiefAuth } from '../fiefAuth.js';
import { PROTOCOL_CLAIMS } from '../sessionTokens.js';
import { type StorageLike, storageKey } from '../storage.js';
import {
  accessTokenOf,
  CLIENT_ID,
  namespaceOf,
  sleep,
  tokenRequests,
  useAuthHarness,
  waitFor,
} from './authTestKit.js';

/** Access tokens live 2 s; with a 1 s margin, each one is refreshed 1 s after it was issued. */
const TTL_SECONDS = 2;
const MARGIN_SECONDS = 1;

const harness = useAuthHarness({ accessTokenTTL: TTL_SECONDS, refreshMarginSeconds: MARGIN_SECONDS });

describe('refresh', () => {
  it('refreshes once per expiry, before the access token expires', async () => {
    const { auth } = await harness.signedInTab();
    const first = auth.getTokenInfo();
    const afterLogin = tokenRequests(harness.server);
    // Due `MARGIN_SECONDS` before expiry: not before.
    const dueAt = (first?.expires_at ?? 0) - MARGIN_SECONDS * 1000;
    const requestsBeforeDue = () =>
      Date.now() < dueAt - 50 ? tokenRequests(harness.server) - afterLogin : 0;

    await sleep(Math.max(0, dueAt - 200 - Date.now()));
    expect(requestsBeforeDue()).toBe(0);

    await waitFor(() => accessTokenOf(auth) !== first?.access_token, 3_000, 'the refreshed token');
    await sleep(200);
    expect(tokenRequests(harness.server) - afterLogin).toBe(1);
    expect(auth.getSnapshot().status).toBe('authenticated');
    expect(auth.isAuthenticated()).toBe(true);
  });

  it('getAccessToken refreshes first when the token expires within the margin, once for concurrent callers', async () => {
    const skew = { ms: 0 };
    const { auth } = await harness.signedInTab({ clock: () => Date.now() + skew.ms });
    auth.dispose(); // no timer: only getAccessToken refreshes
    const first = accessTokenOf(auth);
    skew.ms = 1_100; // the engine's clock says the token is within the margin
    const before = tokenRequests(harness.server);

    const [a, b] = await Promise.all([auth.getAccessToken(), auth.getAccessToken()]);

    expect(a).toBe(b);
    expect(a).not.toBe(first);
    expect(tokenRequests(harness.server) - before).toBe(1);
  });

  it('a stored expired session is refreshed on start, loading until then', async () => {
    const { auth, storage } = await harness.signedInTab();
    auth.dispose();
    // Reloaded after the access token expired (by the engine's clock).
    const later = () => Date.now() + 2_100;
    const reloaded = harness.engine({ clock: later, storage });
    expect(reloaded.getSnapshot().status).toBe('loading');
    expect(reloaded.isAuthenticated()).toBe(false);

    reloaded.start();

    expect(await reloaded.getAccessToken()).toBeTruthy();
    expect(reloaded.getSnapshot().status).toBe('authenticated');
  });

  it('an engine disposed while its refresh starts sends no refresh token (its answer would reach no tab)', async () => {
    const { auth, storage } = await harness.signedInTab();
    auth.dispose();
    const reloaded = harness.engine({ clock: () => Date.now() + 2_100, storage });
    const before = tokenRequests(harness.server);

    reloaded.start();
    reloaded.dispose(); // the tab closed, or the app unmounted its provider
    await sleep(300);

    expect(tokenRequests(harness.server) - before).toBe(0);
  });

  it('an engine disposed and started again at once (React StrictMode) refreshes once', async () => {
    const { auth, storage } = await harness.signedInTab();
    auth.dispose();
    const reloaded = harness.engine({ clock: () => Date.now() + 2_100, storage });
    const before = tokenRequests(harness.server);

    reloaded.start();
    reloaded.dispose();
    reloaded.start();

    await waitFor(() => reloaded.getSnapshot().status === 'authenticated', 3_000, 'the refreshed session');
    expect(tokenRequests(harness.server) - before).toBe(1);
  });
});

describe('user info across a refresh', () => {
  it('a refresh with unchanged user claims keeps the userinfo object; one with a changed field replaces it', async () => {
    const { auth } = await harness.signedInTab();
    const signedIn = auth.getSnapshot();
    const userinfo = signedIn.userinfo;
    expect(userinfo?.email).toBe(DEMO_USER.email);
    // The user's claims only: nothing that changes with every token.
    for (const claim of PROTOCOL_CLAIMS) expect(userinfo).not.toHaveProperty(claim);

    await waitFor(() => accessTokenOf(auth) !== signedIn.tokenInfo?.access_token, 3_000, 'a refresh');
    const refreshed = auth.getSnapshot();
    expect(refreshed).not.toBe(signedIn);
    expect(refreshed.userinfo).toBe(userinfo);
    expect(auth.getUserinfo()).toBe(userinfo);

    const sub = userinfo?.sub ?? '';
    const { first_name } = harness.server.users.mergeFields(sub, { first_name: 'Mary' }).fields;
    expect(first_name).toBe('Mary');
    try {
      await waitFor(
        () => accessTokenOf(auth) !== refreshed.tokenInfo?.access_token,
        3_000,
        'another refresh',
      );
      expect(auth.getSnapshot().userinfo).not.toBe(userinfo);
      expect(auth.getSnapshot().userinfo?.fields).toEqual({ ...userinfo?.fields, first_name: 'Mary' });
    } finally {
      harness.server.users.mergeFields(sub, { first_name: userinfo?.fields.first_name });
    }
  });

  it('after a profile update, the next refresh (same user claims) keeps the userinfo object', async () => {
    const { auth } = await harness.signedInTab();
    const before = auth.getSnapshot().userinfo;
    const first_name = before?.fields.first_name;
    try {
      await auth.updateProfile({ fields: { first_name: 'Anna' } });
      const updated = auth.getSnapshot();
      expect(updated.userinfo?.fields.first_name).toBe('Anna');
      await waitFor(() => accessTokenOf(auth) !== updated.tokenInfo?.access_token, 3_000, 'a refresh');
      expect(auth.getSnapshot().userinfo).toBe(updated.userinfo);
    } finally {
      harness.server.users.mergeFields(before?.sub ?? '', { first_name });
    }
  });
});

describe('refresh after a reload', () => {
  it('makes one request to Fief before the token response: discovery is stored with the session', async () => {
    const { auth, storage } = await harness.signedInTab();
    auth.dispose();
    harness.server.clearRequests();

    // A reload: a new Fief and a new engine over the same storage, once the refresh is due.
    const reloaded = harness.engine({ storage, clock: () => Date.now() + 1_100 });
    expect(await reloaded.getAccessToken()).toBeTruthy();

    const requests = harness.server.requests
      // A CORS preflight is the browser's part of the request it precedes.
      .filter(({ method }) => method !== 'OPTIONS')
      .map(({ method, path }) => `${method} ${path}`);
    expect(requests.some((request) => request.includes('openid-configuration'))).toBe(false);
    // The key set is fetched in parallel with the token request; nothing else is.
    expect(requests.filter((request) => !request.endsWith('/jwks.json'))).toEqual(['POST /api/token']);
  });
});

/** The page reloaded over `storage`, its clock `aheadMs` ahead (the refresh due), its requests through `fetchFn`. */
function reloadedTab(storage: StorageLike, fetchFn: typeof fetch, aheadMs: number): FiefAuth {
  const fief = new Fief({ baseURL: harness.server.url, clientId: CLIENT_ID, fetch: fetchFn });
  return harness.track(
    new FiefAuth(fief, {
      storage,
      tabSync: { channel: harness.tabs.channel, locks: harness.tabs.locks },
      refreshMarginSeconds: MARGIN_SECONDS,
      clock: () => Date.now() + aheadMs,
    }),
  );
}

describe('refresh that fails after Fief answered', () => {
  it('a refresh token Fief rotated is never sent again when the key set cannot be fetched to validate the answer', async () => {
    const { auth, storage } = await harness.signedInTab();
    // Another open tab holding the same session (and the same refresh token).
    const other = harness.openTab();
    await waitFor(() => other.auth.isAuthenticated(), 3_000, 'the other tab');
    auth.dispose();

    // A reload once the refresh is due, on a network that loses the key set request: the token endpoint answers
    // (Fief rotates the refresh token), then the validation of its answer fails on the network.
    const sent: string[] = [];
    const lossyFetch: typeof fetch = async (input, init) => {
      const url = String(input);
      if (url.endsWith('/jwks.json')) throw new TypeError('Failed to fetch');
      if (url.endsWith('/token'))
        sent.push(new URLSearchParams(String(init?.body)).get('refresh_token') ?? '');
      return fetch(input, init);
    };
    const reloaded = reloadedTab(storage, lossyFetch, 2_100); // expired: loading until the refresh settles
    reloaded.start();
    await waitFor(() => reloaded.getSnapshot().status !== 'loading', 3_000, 'the refresh to fail');
    const before = tokenRequests(harness.server);

    // The sign-in ends at once, everywhere, with the reason; past the retry delay nobody sent that token again.
    expect(reloaded.getSnapshot()).toMatchObject({
      status: 'anonymous',
      error: { code: 'ERR_FIEF_NETWORK' },
    });
    await waitFor(() => other.auth.getSnapshot().status === 'anonymous', 1_000, 'the other tab signed out');
    await sleep(2_500);
    expect(sent).toHaveLength(1);
    expect(tokenRequests(harness.server)).toBe(before);
    // The mark that says this refresh token is spent stays.
    expect(localStorage.getItem(storageKey('spent', namespaceOf(harness.server)))).not.toBeNull();
  });

  it('a token request that got no answer leaves the refresh token to be sent again, and the retry signs in', async () => {
    const { auth, storage } = await harness.signedInTab();
    auth.dispose();
    let offline = true;
    const offlineOnce: typeof fetch = async (input, init) => {
      if (offline && String(input).endsWith('/token')) {
        offline = false;
        throw new TypeError('Failed to fetch');
      }
      return fetch(input, init);
    };
    const reloaded = reloadedTab(storage, offlineOnce, 1_100);
    reloaded.start();
    await waitFor(() => reloaded.getSnapshot().error !== null, 3_000, 'the refresh to fail');
    expect(reloaded.getSnapshot().error).toMatchObject({ code: 'ERR_FIEF_NETWORK' });
    expect(localStorage.getItem(storageKey('spent', namespaceOf(harness.server)))).toBeNull();

    await waitFor(() => reloaded.getSnapshot().error === null, 4_000, 'the retry');
    expect(reloaded.getSnapshot().status).toBe('authenticated');
  });
});
