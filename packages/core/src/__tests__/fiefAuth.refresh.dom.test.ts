import { describe, expect, it } from 'vitest';
import { accessTokenOf, sleep, tokenRequests, useAuthHarness, waitFor } from './authTestKit.js';

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
});
