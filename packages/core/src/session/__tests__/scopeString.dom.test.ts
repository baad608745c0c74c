import { describe, expect, it } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import { FiefAuth } from '../fiefAuth.js';
import { MemoryStorage } from '../storage.js';
import {
  CLIENT_ID,
  loginUntilCallback,
  REDIRECT_URI,
  recordNavigation,
  useAuthHarness,
} from './authTestKit.js';

const harness = useAuthHarness();

/** The `scope` parameter of the authorization URL the engine navigated to last. */
async function loginScope(auth: FiefAuth, navigation: ReturnType<typeof recordNavigation>, scope?: string) {
  await auth.redirectToLogin(REDIRECT_URI, scope === undefined ? {} : { scope });
  return new URL(navigation.last()).searchParams.get('scope');
}

// `scope: 'openid profile'`, the form OAuth sends, is what a JavaScript app (or an `as any` config) writes. It was
// spread into its characters: `'openid profile'` asked for `o p e n i d …` and failed on the space; `'email'` asked
// Fief for the scopes `e m a i l`.
describe('scope given as a space-separated string', () => {
  it('is asked for as the scopes it names, by a login of an engine created with it', async () => {
    const navigation = recordNavigation();
    const spaced = harness.engine({ navigate: navigation.navigate, scope: ' openid  offline_access email ' });
    expect(await loginScope(spaced, navigation)).toBe('openid offline_access email');

    const withoutOpenID = harness.engine({ navigate: navigation.navigate, scope: 'email' });
    expect(await loginScope(withoutOpenID, navigation)).toBe('openid email');
  });

  it('is asked for as the scopes it names, by a login given it', async () => {
    const navigation = recordNavigation();
    const auth = harness.engine({ navigate: navigation.navigate });
    expect(await loginScope(auth, navigation, 'email')).toBe('openid email');
    expect(await loginScope(auth, navigation, 'openid offline_access')).toBe('openid offline_access');
    // An empty string asks for nothing more than the `openid` every login needs.
    expect(await loginScope(auth, navigation, '')).toBe('openid');
  });

  it('is the scope of every refresh of an engine created with it', async () => {
    const refreshScopes: (string | null)[] = [];
    const recording: typeof fetch = async (input, init) => {
      const body = new URLSearchParams(typeof init?.body === 'string' ? init.body : '');
      if (body.get('grant_type') === 'refresh_token') refreshScopes.push(body.get('scope'));
      return fetch(input, init);
    };
    const navigation = recordNavigation();
    const auth = harness.track(
      new FiefAuth(new Fief({ baseURL: harness.server.url, clientId: CLIENT_ID, fetch: recording }), {
        storage: new MemoryStorage(),
        scope: 'offline_access openid',
        navigate: navigation.navigate,
        tabSync: { channel: harness.tabs.channel, locks: harness.tabs.locks },
      }),
    );
    auth.start();
    await loginUntilCallback(auth, navigation);
    expect(new URL(navigation.last()).searchParams.get('scope')).toBe('offline_access openid');
    await auth.authCallback(REDIRECT_URI);

    const refreshed = await auth.getAccessToken({ forceRefresh: true });

    expect(refreshed).toEqual(expect.any(String));
    expect(refreshScopes).toEqual(['offline_access openid']);
  });
});
