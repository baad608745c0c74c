/**
 * A tab whose validation load stalls gives up after 30 s: `ready()` settles on `error`, and a `getAccessToken()` that
 * waited with it answers then, rather than starting an attempt of its own that waits 30 s more (helper 24, finding 2).
 */
import { describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../storage.js';
import { useModelClock } from './modelRun.js';
import { InTestTabs, StubFief, tab } from './stubFiefKit.js';

useModelClock();

describe('a tab whose validation load stalls', () => {
  it('getAccessToken of a tab still loading (expired stored session) answers within the 30 s given to the load', async () => {
    const fief = new StubFief();
    const session = fief.session();
    vi.setSystemTime(Date.now() + 120_000);
    fief.validation = 'stalled';
    const a = tab(fief, new InTestTabs(), session, new MemoryStorage());
    a.auth.start();
    expect(a.auth.getSnapshot().status).toBe('loading');
    const t0 = Date.now();
    let readyAt: number | null = null;
    void a.auth.ready().then(() => {
      readyAt = Date.now();
    });
    let answeredAt: number | null = null;
    void a.auth.getAccessToken().then(() => {
      answeredAt = Date.now();
    });
    await vi.advanceTimersByTimeAsync(120_000);
    // ready() settles (on error) when the 30 s given to the load are over...
    expect((readyAt ?? Infinity) - t0).toBe(30_000);
    // ...and so does getAccessToken, which does not start a second attempt that would wait 30 s more.
    expect(answeredAt).not.toBeNull();
    expect((answeredAt ?? Infinity) - t0).toBeLessThanOrEqual(31_000);
    a.auth.dispose();
  });

  it('reports the wait that ran out as a timeout, not a failed load to reload for, and signs in once the code is there', async () => {
    const fief = new StubFief();
    const session = fief.session();
    vi.setSystemTime(Date.now() + 120_000);
    let arrive: () => void = () => {};
    fief.validation = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    const a = tab(fief, new InTestTabs(), session, new MemoryStorage());
    a.auth.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(a.auth.getSnapshot()).toMatchObject({
      status: 'error',
      error: { code: 'ERR_FIEF_VALIDATION_TIMEOUT' },
    });
    expect(fief.sent).toEqual([]);
    // The load was slow, not failed: it ends, and the planned retry refreshes without a reload.
    arrive();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(a.auth.getSnapshot()).toMatchObject({ status: 'authenticated', error: null });
    expect(fief.sent).toHaveLength(1);
    a.auth.dispose();
  });
});
