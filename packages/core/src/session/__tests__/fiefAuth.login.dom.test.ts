import { DEMO_USER } from '@fief-spa/dev-server';
import { describe, expect, it } from 'vitest';
import type { FiefAuth } from '../fiefAuth.js';
import { FiefAuthCallbackError, type FiefAuthCallbackErrorReason } from '../fiefAuthCallbackError.js';
import { pendingLoginKey } from '../pendingLogin.js';
import { storageKeyPrefix } from '../storage.js';
import { keysWithPrefix } from '../storageListing.js';
import {
  loginUntilCallback,
  REDIRECT_URI,
  recordNavigation,
  setPageURL,
  tokenRequests,
  useAuthHarness,
  waitFor,
} from './authTestKit.js';

const harness = useAuthHarness();

/** One engine in this page, on the default `sessionStorage`. */
function engine(): { auth: FiefAuth; navigation: ReturnType<typeof recordNavigation> } {
  const navigation = recordNavigation();
  return { auth: harness.engine({ navigate: navigation.navigate }), navigation };
}

async function expectCallbackError(promise: Promise<unknown>, reason: FiefAuthCallbackErrorReason) {
  const error = await promise.then(
    () => {
      throw new Error(`expected the callback to fail with ${reason}, it succeeded`);
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FiefAuthCallbackError);
  expect((error as FiefAuthCallbackError).reason).toBe(reason);
  return error as FiefAuthCallbackError;
}

/** Starts a login and stops on the callback page; returns the callback URL. */
async function reachCallback(returnTo?: string): Promise<{ auth: FiefAuth; callbackURL: string }> {
  const { auth, navigation } = engine();
  auth.start();
  const callbackURL = await loginUntilCallback(auth, navigation, returnTo === undefined ? {} : { returnTo });
  return { auth, callbackURL };
}

function withParams(url: string, edit: (params: URLSearchParams) => void): string {
  const parsed = new URL(url);
  edit(parsed.searchParams);
  return parsed.href;
}

/** The stored session record, whatever client namespace the engine chose (`null` when none). */
function storedSession(): string | null {
  const keys = keysWithPrefix(sessionStorage, storageKeyPrefix('session'));
  expect(keys.length).toBeLessThanOrEqual(1);
  return keys[0] === undefined ? null : sessionStorage.getItem(keys[0]);
}

describe('login', () => {
  it('signs the user in through the real login form and returns to the requested path', async () => {
    const { auth, callbackURL } = await reachCallback('/account?tab=profile');
    expect(new URL(callbackURL).searchParams.get('code')).toBeTruthy();
    // As Fief, the dev server sends no RFC 9207 iss (nor announces one): the callback goes on without it.
    expect(new URL(callbackURL).searchParams.has('iss')).toBe(false);

    const result = await auth.authCallback(REDIRECT_URI);

    expect(result.returnTo).toBe('/account?tab=profile');
    expect(result.userinfo.email).toBe(DEMO_USER.email);
    expect(result.tokens.scope).toEqual(expect.arrayContaining(['openid', 'offline_access']));
    expect(result.tokens.acr).toBe('1');
    expect(result.tokens).not.toHaveProperty('refresh_token');
    expect(auth.isAuthenticated()).toBe(true);
    expect(auth.getSnapshot()).toMatchObject({ status: 'authenticated', error: null });
    expect(auth.getUserinfo()?.sub).toBe(result.userinfo.sub);
    expect(await auth.getAccessToken()).toBe(result.tokens.access_token);
    // The response parameters are gone from the address bar; the path stays.
    expect(window.location.href).toBe(REDIRECT_URI);
    expect(storedSession()).not.toBeNull();
    // The pending login was used up.
    expect(keysWithPrefix(sessionStorage, storageKeyPrefix('pending'))).toEqual([]);
  });

  it('keeps the pending login under its state, with the discovery document, so the callback fetches no discovery', async () => {
    const { auth, navigation } = engine();
    await auth.redirectToLogin(REDIRECT_URI, {
      lang: 'fr',
      screen: 'register',
      loginHint: 'a@b.c',
      acrValues: '1',
    });
    const authorizationURL = new URL(navigation.last());
    const state = authorizationURL.searchParams.get('state') ?? '';
    expect(authorizationURL.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizationURL.searchParams.get('nonce')).toBeTruthy();
    expect(authorizationURL.searchParams.get('screen')).toBe('register');
    expect(authorizationURL.searchParams.get('login_hint')).toBe('a@b.c');
    expect(authorizationURL.searchParams.get('acr_values')).toBe('1');
    expect(authorizationURL.searchParams.get('lang')).toBe('fr');
    const record = JSON.parse(sessionStorage.getItem(pendingLoginKey(state)) ?? 'null');
    expect(record.pending).toMatchObject({ state, redirectURI: REDIRECT_URI, returnTo: '/' });
    expect(record.pending.discovery.issuer).toBe(harness.server.url);

    // A second login started in another tab does not overwrite the first one.
    await auth.redirectToLogin(REDIRECT_URI);
    expect(keysWithPrefix(sessionStorage, storageKeyPrefix('pending'))).toHaveLength(2);

    // The callback page is a fresh page: a new engine and a new Fief, with no discovery in memory.
    const { auth: first, callbackURL } = await reachCallback();
    first.dispose();
    setPageURL(callbackURL);
    const { auth: callbackPage } = engine();
    harness.server.clearRequests();
    await callbackPage.authCallback(REDIRECT_URI);
    expect(harness.server.requests.map((request) => request.path)).not.toContain(
      '/.well-known/openid-configuration',
    );
  });

  it('makes no request to Fief when a signed-in page is reloaded', async () => {
    const { auth } = await reachCallback();
    await auth.authCallback(REDIRECT_URI);
    auth.dispose();
    harness.server.clearRequests();

    const reloaded = harness.engine();
    expect(reloaded.getSnapshot().status).toBe('authenticated');
    reloaded.start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reloaded.getSnapshot().status).toBe('authenticated');
    expect(harness.server.requests).toEqual([]);
  });
  it('a returnTo tampered with in storage while the user was away falls back to /', async () => {
    const { auth, callbackURL } = await reachCallback('/account');
    const key = pendingLoginKey(new URL(callbackURL).searchParams.get('state') ?? '');
    const record = JSON.parse(sessionStorage.getItem(key) ?? 'null');
    record.pending.returnTo = '//evil.example/phish';
    sessionStorage.setItem(key, JSON.stringify(record));

    const result = await auth.authCallback(REDIRECT_URI);

    expect(result.returnTo).toBe('/');
    expect(auth.isAuthenticated()).toBe(true);
  });
});

describe('exactly once per code', () => {
  it('two concurrent authCallback calls make one token request and share one promise', async () => {
    const { auth } = await reachCallback();
    const before = tokenRequests(harness.server);

    const first = auth.authCallback(REDIRECT_URI);
    const second = auth.authCallback(REDIRECT_URI);

    expect(second).toBe(first);
    await first;
    expect(tokenRequests(harness.server) - before).toBe(1);
    // StrictMode remount: the URL is clean now, and the engine still answers with the first result.
    expect(auth.authCallback(REDIRECT_URI)).toBe(first);
  });

  it('two engines of one page handling the same callback make one token request', async () => {
    const { auth } = await reachCallback();
    const { auth: other } = engine();
    const before = tokenRequests(harness.server);

    const [a, b] = await Promise.all([auth.authCallback(REDIRECT_URI), other.authCallback(REDIRECT_URI)]);

    expect(tokenRequests(harness.server) - before).toBe(1);
    expect(b.tokens.access_token).toBe(a.tokens.access_token);
    expect(other.isAuthenticated()).toBe(true);
  });

  it('a replayed callback URL fails with a typed error and leaves the session intact', async () => {
    const { auth, callbackURL } = await reachCallback();
    await auth.authCallback(REDIRECT_URI);
    const session = storedSession();
    auth.dispose();

    // Back button, or a reload of the callback page: a new page with the same URL.
    setPageURL(callbackURL);
    const { auth: replay } = engine();
    replay.start();
    await expectCallbackError(replay.authCallback(REDIRECT_URI), 'unknown_state');

    expect(storedSession()).toBe(session);
    expect(replay.getSnapshot().status).toBe('authenticated');
    expect(replay.isAuthenticated()).toBe(true);
  });
});

describe('a refused callback stores nothing', () => {
  const cases: Array<{
    name: string;
    reason: FiefAuthCallbackErrorReason;
    edit: (params: URLSearchParams) => void;
  }> = [
    {
      name: 'a state this tab never sent',
      reason: 'unknown_state',
      edit: (p) => p.set('state', 'x'.repeat(43)),
    },
    { name: 'no state', reason: 'missing_state', edit: (p) => p.delete('state') },
    {
      name: 'error=access_denied',
      reason: 'authorization_error',
      edit: (p) => {
        p.delete('code');
        p.set('error', 'access_denied');
        p.set('error_description', 'The user said no');
      },
    },
    { name: 'no code', reason: 'missing_code', edit: (p) => p.delete('code') },
    { name: 'a foreign iss', reason: 'issuer_mismatch', edit: (p) => p.set('iss', 'https://evil.example') },
    { name: 'a duplicated code', reason: 'duplicate_parameter', edit: (p) => p.append('code', 'again') },
    { name: 'a duplicated state', reason: 'duplicate_parameter', edit: (p) => p.append('state', 'again') },
  ];

  for (const { name, reason, edit } of cases) {
    it(`${name}: ${reason}`, async () => {
      const { auth, callbackURL } = await reachCallback();
      setPageURL(withParams(callbackURL, edit));
      const before = tokenRequests(harness.server);

      const error = await expectCallbackError(auth.authCallback(REDIRECT_URI), reason);

      if (reason === 'authorization_error') {
        expect(error.error).toBe('access_denied');
        expect(error.errorDescription).toBe('The user said no');
      }
      if (reason === 'duplicate_parameter') {
        expect(error.message).toMatch(
          /^expected the callback URL to carry "(code|state)" at most once, found it 2 times$/,
        );
      }
      expect(tokenRequests(harness.server)).toBe(before);
      expect(storedSession()).toBeNull();
      expect(auth.getSnapshot()).toMatchObject({ status: 'error', userinfo: null, tokenInfo: null });
      expect(auth.getSnapshot().error).toBe(error);
      expect(new URL(window.location.href).searchParams.has('code')).toBe(false);
    });
  }

  it('a refused callback leaves an existing session untouched', async () => {
    const { auth } = await reachCallback();
    await auth.authCallback(REDIRECT_URI);
    const session = storedSession();
    const snapshot = auth.getSnapshot();

    const { callbackURL } = await reachCallback();
    setPageURL(withParams(callbackURL, (p) => p.set('iss', 'https://evil.example')));
    await expectCallbackError(auth.authCallback(REDIRECT_URI), 'issuer_mismatch');

    expect(storedSession()).toBe(session);
    expect(auth.getSnapshot()).toBe(snapshot);
  });

  it('a code exchange refused by Fief is a token_exchange error', async () => {
    const { auth, callbackURL } = await reachCallback();
    setPageURL(withParams(callbackURL, (p) => p.set('code', 'forged-code')));

    const error = await expectCallbackError(auth.authCallback(REDIRECT_URI), 'token_exchange');

    expect(error.error).toBe('invalid_grant');
    expect(storedSession()).toBeNull();
  });
});

describe('status while loading', () => {
  it('a new page with nothing stored is loading, then anonymous once no tab answers', async () => {
    const { auth } = engine();
    expect(auth.getSnapshot().status).toBe('loading');
    auth.start();
    await waitFor(() => auth.getSnapshot().status === 'anonymous', 3_000, 'anonymous');
    expect(await auth.getAccessToken()).toBeNull();
  });
});
