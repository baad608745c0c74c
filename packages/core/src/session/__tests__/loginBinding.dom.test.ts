import { describe, expect, it } from 'vitest';
import type { Fief } from '../../protocol/fief.js';
import { Fief as RealFief } from '../../protocol/fief.js';
import { FiefAuth } from '../fiefAuth.js';
import { FiefAuthCallbackError } from '../fiefAuthCallbackError.js';
import { finishLogin } from '../loginCallback.js';
import { savePendingLogin } from '../loginRedirect.js';
import type { PendingLogin } from '../pendingLogin.js';
import { MemoryStorage } from '../storage.js';
import {
  CLIENT_ID,
  loginUntilCallback,
  REDIRECT_URI,
  recordNavigation,
  tokenRequests,
  useAuthHarness,
} from './authTestKit.js';

const harness = useAuthHarness();

describe('a pending login is bound to the engine that started it (finding 2)', () => {
  it('a callback handled by an engine of another client is refused before any token request', async () => {
    const navigation = recordNavigation();
    const starter = harness.engine({ navigate: navigation.navigate });
    await loginUntilCallback(starter, navigation);
    const other = harness.track(
      new FiefAuth(new RealFief({ baseURL: harness.server.url, clientId: 'another-client' }), {
        tabSync: { channel: harness.tabs.channel, locks: harness.tabs.locks },
      }),
    );
    const before = tokenRequests(harness.server);

    const error = await other.authCallback(REDIRECT_URI).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(FiefAuthCallbackError);
    expect((error as FiefAuthCallbackError).reason).toBe('login_mismatch');
    expect(tokenRequests(harness.server)).toBe(before);
    expect(other.isAuthenticated()).toBe(false);
  });
});

/** The dev server always honours `acr_values`: a stand-in Fief plays an identity server that does not. */
function fiefAnswering(claims: Record<string, unknown>, issuer: string): Fief {
  const discovery = { issuer, token_endpoint: `${issuer}/token` };
  return {
    clientId: CLIENT_ID,
    setOpenIDConfiguration: () => {},
    getOpenIDConfiguration: async () => discovery,
    authCallback: async () => [
      { access_token: 'a', id_token: 'i', token_type: 'bearer', expires_in: 3600 },
      { sub: 'u1', ...claims },
    ],
    validateAccessToken: async () => ({ scope: ['openid'], acr: '0', permissions: [] }),
  } as unknown as Fief;
}

async function callbackWith(pendingOverrides: Partial<PendingLogin>, claims: Record<string, unknown>) {
  const issuer = 'https://fief.example';
  const storage = new MemoryStorage();
  const state = 'state-step-up-0001';
  savePendingLogin(storage, {
    state,
    codeVerifier: 'v'.repeat(43),
    nonce: 'nonce-value',
    redirectURI: REDIRECT_URI,
    returnTo: '/',
    createdAt: Date.now(),
    discovery: null,
    issuer,
    clientId: CLIENT_ID,
    acrValues: null,
    maxAge: null,
    ...pendingOverrides,
  });
  const context = {
    fief: fiefAnswering(claims, issuer),
    clientId: CLIENT_ID,
    pendingStorage: storage,
    storage,
    namespace: CLIENT_ID,
    shared: () => null,
    now: () => Date.now(),
    log: () => {},
  };
  return finishLogin(context, `${REDIRECT_URI}?code=c0de&state=${state}`, REDIRECT_URI);
}

describe('step-up and max_age are checked at the callback (finding 5)', () => {
  it('a login that asked for acr 1 refuses an ID token with acr 0, and stores nothing', async () => {
    const error = await callbackWith({ acrValues: '1' }, { acr: '0' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FiefAuthCallbackError);
    expect((error as FiefAuthCallbackError).reason).toBe('acr_too_low');
  });

  it('a login that asked for acr 1 accepts an ID token with acr 1', async () => {
    await expect(callbackWith({ acrValues: '1' }, { acr: '1' })).resolves.toMatchObject({ returnTo: '/' });
  });

  it('a login that asked for max_age refuses an ID token authenticated longer ago, or without auth_time', async () => {
    const old = Math.floor(Date.now() / 1000) - 3600;
    const error = await callbackWith({ maxAge: 300 }, { auth_time: old }).catch((caught: unknown) => caught);
    expect((error as FiefAuthCallbackError).reason).toBe('max_age_exceeded');
    const none = await callbackWith({ maxAge: 300 }, {}).catch((caught: unknown) => caught);
    expect((none as FiefAuthCallbackError).reason).toBe('max_age_exceeded');
    const recent = Math.floor(Date.now() / 1000) - 10;
    await expect(callbackWith({ maxAge: 300 }, { auth_time: recent })).resolves.toMatchObject({
      returnTo: '/',
    });
  });

  it('redirectToLogin sends max_age and remembers it', async () => {
    const navigation = recordNavigation();
    const auth = harness.engine({ navigate: navigation.navigate });
    await auth.redirectToLogin(REDIRECT_URI, { maxAge: 300, acrValues: '1' });
    const url = new URL(navigation.last());
    expect(url.searchParams.get('max_age')).toBe('300');
    expect(url.searchParams.get('acr_values')).toBe('1');
  });
});
