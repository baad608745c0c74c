import { describe, expect, it } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import { FiefAuth } from '../fiefAuth.js';
import { CLIENT_ID, copyOfStorage, sleep, useAuthHarness } from './authTestKit.js';

/** Access tokens live 2 s; with a 1 s margin, each one is refreshed 1 s after it was issued. */
const harness = useAuthHarness({ accessTokenTTL: 2, refreshMarginSeconds: 1 });

describe('a refresh refused with invalid_scope', () => {
  // A release adds a scope to the engine's `scope`: the engine refreshes with it, and Fief refuses a scope the refresh
  // token was not granted (`invalid_scope`, fief/dependencies/token.py), now and at every later try.
  it('ends the sign-in, as a refused refresh token does, instead of retrying it for ever', async () => {
    const sent: string[] = [];
    const recording: typeof fetch = async (input, init) => {
      const body = new URLSearchParams(typeof init?.body === 'string' ? init.body : '');
      const refreshToken = body.get('refresh_token');
      if (refreshToken !== null) sent.push(refreshToken);
      return fetch(input, init);
    };
    const login = await harness.signedInTab();
    login.auth.dispose();
    const fief = new Fief({ baseURL: harness.server.url, clientId: CLIENT_ID, fetch: recording });
    const auth = harness.track(
      new FiefAuth(fief, {
        storage: copyOfStorage(login.storage),
        scope: ['openid', 'offline_access', 'castles:read'],
        refreshMarginSeconds: 1,
        tabSync: { channel: harness.tabs.channel, locks: harness.tabs.locks },
      }),
    );
    auth.start();

    // The first refresh is due 1 s after the login; a retry would come 2 s after a failure.
    await sleep(4_500);
    expect(sent).toHaveLength(1);
    expect(auth.isAuthenticated()).toBe(false);
  }, 15_000);
});
