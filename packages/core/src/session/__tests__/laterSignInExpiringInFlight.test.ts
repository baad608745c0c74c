/**
 * 1c82e34's rule at its edge: without shared storage, a tab holding a later sign-in without a refresh token keeps
 * quiet about a generation it spent of the sign-in before only when the asker would adopt the later one. The asker
 * decides when the answer lands, not when it was sent: a later sign-in expiring while the answer is on its way.
 */

import { describe, expect, it, vi } from 'vitest';
import { loadSession } from '../sessionStore.js';
import { useModelClock } from './modelRun.js';
import { CLIENT, NS, spentThenReplacedByUnrenewable } from './stubFiefKit.js';

useModelClock();

describe('a later sign-in without a refresh token that expires while the answer is on its way', () => {
  it('does not keep the end from a tab back from the cache: no refresh token is sent twice', async () => {
    const { fief, a, c, second } = await spentThenReplacedByUnrenewable(50);
    expect(fief.sent).toEqual(['rt-1']);
    expect(loadSession(a.storage, NS, CLIENT)?.sid).toBe('sid-2');
    // C asks 75 ms before sign-in 2 expires: A answers at 50 ms (still valid), the answer lands at 100 ms (expired).
    await vi.advanceTimersByTimeAsync(second.tokenInfo.expires_at - 75 - Date.now());
    c.auth.start();
    await vi.advanceTimersByTimeAsync(5_000);
    await c.auth.getAccessToken().catch(() => null);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fief.sent).toEqual([...new Set(fief.sent)]);
    expect(c.auth.getSnapshot().status).toBe('anonymous');
    for (const t of [a, c]) t.auth.dispose();
  });

  it('with half a minute left, the asker adopts it without showing signed out (the end kept quiet)', async () => {
    const { fief, a, c, second } = await spentThenReplacedByUnrenewable(50);
    await vi.advanceTimersByTimeAsync(second.tokenInfo.expires_at - 30_000 - Date.now());
    const statuses: string[] = [];
    c.auth.subscribe(() => statuses.push(c.auth.getSnapshot().status));
    c.auth.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(loadSession(c.storage, NS, CLIENT)?.sid).toBe('sid-2');
    expect(statuses).not.toContain('anonymous');
    expect(fief.sent).toEqual(['rt-1']);
    for (const t of [a, c]) t.auth.dispose();
  });
});
