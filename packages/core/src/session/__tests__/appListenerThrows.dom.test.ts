/**
 * An app's listener that throws (a bug of the app's) must not stop the engine midway: a refresh that got no answer
 * still withdraws its spent mark, which another tab would otherwise read (under a Web Lock) as "the spending tab
 * went away" and end the sign-in everywhere.
 */

import { describe, expect, it } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import { FiefAuth } from '../fiefAuth.js';
import { CLIENT_ID, copyOfStorage, sleep, useAuthHarness, waitFor } from './authTestKit.js';

const harness = useAuthHarness({ accessTokenTTL: 2, refreshMarginSeconds: 1 });

describe('an app listener that throws', () => {
  it('on a refresh that got no answer: no tab ends the sign-in, and no refresh token is sent twice', async () => {
    const sent: string[] = [];
    let failNext = 0;
    const fetchOf =
      (dropping: boolean): typeof fetch =>
      async (input, init) => {
        const body = init?.body === undefined || init.body === null ? '' : String(init.body);
        const refreshToken = new URLSearchParams(body).get('refresh_token');
        if (refreshToken !== null) {
          if (dropping && failNext > 0) {
            failNext -= 1;
            throw new TypeError('Failed to fetch');
          }
          sent.push(refreshToken);
        }
        return fetch(input, init);
      };

    const login = await harness.signedInTab();
    login.auth.dispose();
    const tab = (dropping: boolean): FiefAuth => {
      const fief = new Fief({ baseURL: harness.server.url, clientId: CLIENT_ID, fetch: fetchOf(dropping) });
      return harness.track(
        new FiefAuth(fief, {
          storage: copyOfStorage(login.storage),
          refreshMarginSeconds: 1,
          tabSync: { channel: harness.tabs.channel, locks: harness.tabs.locks },
        }),
      );
    };
    const a = tab(true);
    const b = tab(false);
    // An app listener of tab a with a bug of its own: it throws on a snapshot with an error.
    a.subscribe(() => {
      if (a.getSnapshot().error !== null) throw new Error('app listener failed');
    });
    // Tab a's refresh gets no answer (offline a moment): its refresh token is still good.
    failNext = 1;
    a.start();
    await waitFor(() => failNext === 0, 3_000, 'a refresh of tab a that got no answer');
    b.start();
    await sleep(2_500);

    expect(b.getSnapshot().error?.code).not.toBe('ERR_FIEF_REFRESH_LOST');
    expect(a.getSnapshot().error?.code).not.toBe('ERR_FIEF_REFRESH_LOST');
    expect(new Set(sent).size).toBe(sent.length);
  }, 20_000);
});
