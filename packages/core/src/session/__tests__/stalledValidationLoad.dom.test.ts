/**
 * The refresh waits for its validation code before the lock, and `import()` has no timeout. A tab whose load stalls
 * (a flaky network) does not block the other tabs; its own callers are not left waiting either: when this tab adopts
 * the session another tab refreshed, `getAccessToken` resolves with it (helper 23, finding 2), and a load that never
 * ends is given up on after 30 s, as a request to Fief would be.
 */

import { describe, expect, it, vi } from 'vitest';
import { accessTokenOf, copyOfStorage, sleep, useAuthHarness, waitFor } from './authTestKit.js';

const harness = useAuthHarness({ accessTokenTTL: 30, refreshMarginSeconds: 1 });

describe('a tab whose validation code load stalls', () => {
  it('getAccessToken resolves with the session another tab refreshed meanwhile', async () => {
    const signedIn = await harness.signedInTab();
    signedIn.auth.dispose();

    // Tab A: reloaded, its validation code stalls (never settles).
    const a = harness.engine({ storage: signedIn.storage });
    vi.spyOn(a.fief, 'loadTokenValidation').mockReturnValue(new Promise<void>(() => {}));
    a.start();
    // Tab B: same session, loads fine.
    const b = harness.engine({ storage: copyOfStorage(signedIn.storage) });
    b.start();
    await waitFor(() => a.getSnapshot().status === 'authenticated', 3_000, 'tab A');
    await waitFor(() => b.getSnapshot().status === 'authenticated', 3_000, 'tab B');
    const gen0 = accessTokenOf(a);

    // The API refused A's access token: A forces a refresh, which waits for its validation code.
    let settled = false;
    const inA = a.getAccessToken({ forceRefresh: true }).then((token) => {
      settled = true;
      return token;
    });
    await sleep(50);
    // B refreshes, and tells A.
    const fromB = await b.getAccessToken({ forceRefresh: true });
    expect(fromB).not.toBe(gen0);
    await waitFor(() => accessTokenOf(a) === fromB, 3_000, 'tab A to adopt the session of tab B');
    expect(a.getSnapshot().status).toBe('authenticated');

    // A holds B's valid access token: its caller should get it.
    await waitFor(() => settled, 3_000, "tab A's getAccessToken to resolve").catch(() => {});
    expect(settled).toBe(true);
    await expect(inA).resolves.toBe(fromB);
  });
});
