import { describe, expect, it } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import { FiefAuth } from '../fiefAuth.js';
import { MemoryStorage } from '../storage.js';
import {
  CLIENT_ID,
  loginUntilCallback,
  PAGE_URL,
  REDIRECT_URI,
  recordNavigation,
  setPageURL,
  sleep,
  useAuthHarness,
} from './authTestKit.js';

/** Access tokens live 2 s; with a 1 s margin, each one is refreshed 1 s after it was issued. */
const harness = useAuthHarness({ accessTokenTTL: 2, refreshMarginSeconds: 1 });

describe('a refresh answered without a refresh token', () => {
  // Fief, asked to refresh with a scope that lacks offline_access, deletes the refresh token it was sent and issues
  // none (fief/apps/auth/routers/token.py): the engine's scope is sent on every refresh, a login's may differ.
  it('never sends the spent refresh token again: the sign-in ends when its access token expires', async () => {
    const sent: string[] = [];
    const recording: typeof fetch = async (input, init) => {
      const refreshToken = new URLSearchParams(typeof init?.body === 'string' ? init.body : '').get(
        'refresh_token',
      );
      if (refreshToken !== null) sent.push(refreshToken);
      return fetch(input, init);
    };
    const navigation = recordNavigation();
    const auth = harness.track(
      new FiefAuth(new Fief({ baseURL: harness.server.url, clientId: CLIENT_ID, fetch: recording }), {
        storage: new MemoryStorage(),
        scope: ['openid'],
        refreshMarginSeconds: 1,
        navigate: navigation.navigate,
        tabSync: { channel: harness.tabs.channel, locks: harness.tabs.locks },
      }),
    );
    auth.start();
    await loginUntilCallback(auth, navigation, { scope: ['openid', 'offline_access'] });
    await auth.authCallback(REDIRECT_URI);
    setPageURL(PAGE_URL);

    await sleep(3_500);
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(new Set(sent).size).toBe(sent.length);
    // Not "refused": a sign-in that may not be refreshed ends as one without offline access does.
    expect(auth.getSnapshot().error).toBeNull();
  });
});
