/**
 * The mark of spent refresh tokens (`spentRefreshMark.ts`) is one record per client. A tab whose refresh got no
 * answer withdraws its mark, but keeps the trace that the previous generation's refresh token was spent: a tab still
 * holding that generation (it missed the broadcast while stopped: StrictMode, an unmount, the back-forward cache)
 * must not send it a second time (Fief would refuse it and revoke the grant).
 */

import { describe, expect, it } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import { FiefAuth } from '../fiefAuth.js';
import { CLIENT_ID, copyOfStorage, sleep, useAuthHarness, waitFor } from './authTestKit.js';

const harness = useAuthHarness({ accessTokenTTL: 2, refreshMarginSeconds: 1 });

describe('the spent-refresh mark', () => {
  it('a tab stopped while another refreshed never sends the spent refresh token, even after a failed refresh', async () => {
    /** Every refresh token sent to the token endpoint, in order; `failing`: the network drops token requests. */
    const sent: string[] = [];
    let failing = false;
    let failed = 0;
    const recordingFetch: typeof fetch = async (input, init) => {
      const body = init?.body === undefined || init.body === null ? '' : String(init.body);
      const refreshToken = new URLSearchParams(body).get('refresh_token');
      if (refreshToken !== null) {
        if (failing) {
          failed += 1;
          throw new TypeError('Failed to fetch');
        }
        sent.push(refreshToken);
      }
      return fetch(input, init);
    };

    const login = await harness.signedInTab();
    login.auth.dispose();
    const tab = (): FiefAuth => {
      const storage = copyOfStorage(login.storage);
      const fief = new Fief({ baseURL: harness.server.url, clientId: CLIENT_ID, fetch: recordingFetch });
      return harness.track(
        new FiefAuth(fief, {
          storage,
          refreshMarginSeconds: 1,
          tabSync: { channel: harness.tabs.channel, locks: harness.tabs.locks },
        }),
      );
    };
    const a = tab();
    const b = tab();
    a.start();
    b.start();
    b.dispose();
    // Tab b is stopped (StrictMode's dispose, an unmounted provider, a page in the back-forward cache) while a
    // refreshes: it keeps generation 0.
    await waitFor(() => sent.length === 1, 3_000, 'tab a refreshed generation 0');
    // Tab a's next refresh gets no answer (offline a moment): it removes its mark, and with it generation 0's.
    failing = true;
    await waitFor(() => failed >= 1, 3_000, 'a refresh of tab a that got no answer');
    failing = false;
    // Tab b comes back.
    b.start();
    await sleep(1_500);
    expect(new Set(sent).size).toBe(sent.length);
    expect(b.getSnapshot()).toMatchObject({ status: 'authenticated' });
  }, 20_000);
});
