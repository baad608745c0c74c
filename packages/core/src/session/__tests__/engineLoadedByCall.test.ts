/**
 * h41 finding 4: a started page whose session chunk failed once (offline a moment) gets its engine back through a
 * call (`getAccessToken`, `ready`, the callback's adopt) as soon as the chunk loads, but the door does not start that
 * engine: it waits for its own retry (5 s, or `online`). Meanwhile the engine is not started, so the refresh asked by
 * `getAccessToken` is treated as one "of a running engine disposed since": a `loading`/`error` session gets `null`,
 * and a forced refresh is abandoned without sending (the API-refused token comes back). The code before 8377df8
 * (`LazyRefreshDriver.refresh`, `LazyTabLink`: "Failed, though the chunk is here: open now") refreshed at once.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as door from '../loadSessionFlows.js';
import { MemoryStorage } from '../storage.js';
import { failedLoad, pageWithoutChunk } from './sessionFlowsSpies.js';
import { InTestTabs, StubFief, tab } from './stubFiefKit.js';

vi.mock('../loadSessionFlows.js', (original) =>
  import('./sessionFlowsSpies.js').then((kit) => kit.spied(original)),
);
const page = await pageWithoutChunk(door);
beforeEach(() => {
  // This page does not have the chunk yet; its first load fails (offline a moment), the next ones load it.
  page.withoutChunk();
  page.load.mockImplementationOnce(failedLoad);
});

describe('a started tab whose session chunk failed once, then loads for a call', () => {
  it('refreshes an expired session at once when the chunk loads for getAccessToken, not after the door retries', async () => {
    const fief = new StubFief();
    const session = fief.session(); // at-1 / rt-1, 60 s
    await vi.advanceTimersByTimeAsync(61_000); // expired, refresh token kept
    const t = tab(fief, new InTestTabs(), session, new MemoryStorage());
    t.auth.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.auth.getSnapshot().error?.code).toBe('ERR_FIEF_CHUNK_LOAD');

    // Back online: the chunk loads for this call (well before the door's 5 s retry). The call itself may answer
    // `null` (status `error`: it does not wait out an attempt of its own), but the engine is there: it refreshes.
    void t.auth.getAccessToken();
    await vi.advanceTimersByTimeAsync(200);
    expect(fief.sent).toEqual(['rt-1']);
    expect(t.auth.getSnapshot().status).toBe('authenticated');
    t.auth.dispose();
  });

  it('sends the refresh of a forced getAccessToken (the API refused the token) at once', async () => {
    const fief = new StubFief();
    const session = fief.session(); // valid 60 s, due at 50 s (margin 10 s)
    const t = tab(fief, new InTestTabs(), session, new MemoryStorage());
    t.auth.start();
    await vi.advanceTimersByTimeAsync(0); // the door's load failed; the session is not due: no error

    const token = t.auth.getAccessToken({ forceRefresh: true });
    await vi.advanceTimersByTimeAsync(200);
    // Before the fix: the refresh is abandoned before it sends (engine not started, `startedBefore` true), and the token the API
    // just refused (at-1) is handed back.
    expect(await token).toBe('at-2');
    expect(fief.sent).toEqual(['rt-1']);
    t.auth.dispose();
  });
});
