/**
 * A session chunk whose download stalls: `import()` never settles and has no timeout. Every call that needs the
 * engine (a token due for a refresh, `ready()`, `logout`, `redirectToLogin`) settled never; the door now counts a
 * load that has not arrived after a request's time (30 s) as failed, and tries again.
 */
import { describe, expect, it, vi } from 'vitest';
import * as door from '../loadSessionFlows.js';
import { MemoryStorage } from '../storage.js';
import { pageWithoutChunk, stalledLoad } from './sessionFlowsSpies.js';
import { InTestTabs, StubFief, type Tab, tab } from './stubFiefKit.js';

vi.mock('../loadSessionFlows.js', (original) =>
  import('./sessionFlowsSpies.js').then((kit) => kit.spied(original)),
);
const page = await pageWithoutChunk(door);

/** A signed-in tab whose chunk stalls; its token is due for a refresh after 30 s (a 60 s life). */
function dueTabStalling(): { fief: StubFief; t: Tab } {
  page.withoutChunk(stalledLoad);
  const fief = new StubFief();
  const t = tab(fief, new InTestTabs(), fief.session(), new MemoryStorage(), 30);
  return { fief, t };
}

/** Where `promise` stands: its value, its error's code, or `pending`. */
function track(promise: Promise<unknown>): { outcome: unknown } {
  const state: { outcome: unknown } = { outcome: 'pending' };
  promise.then(
    (value) => {
      state.outcome = value;
    },
    (error: { code?: string }) => {
      state.outcome = error.code;
    },
  );
  return state;
}

describe('a page whose session chunk stalls', () => {
  it('answers a forced getAccessToken within a request time, with the stored token and the stall recorded', async () => {
    const { t } = dueTabStalling();
    t.auth.start();
    const token = track(t.auth.getAccessToken({ forceRefresh: true }));
    await vi.advanceTimersByTimeAsync(29_900);
    expect(token.outcome).toBe('pending');
    await vi.advanceTimersByTimeAsync(100);
    // Still valid: handed out, as on a failed load.
    expect(token.outcome).toBe('at-1');
    expect(t.auth.getSnapshot().error?.code).toBe('ERR_FIEF_CHUNK_LOAD');
    t.auth.dispose();
  });

  it('settles ready() of a tab with nothing stored within a request time: signed out', async () => {
    page.withoutChunk(stalledLoad);
    const t = tab(new StubFief(), new InTestTabs(), null, new MemoryStorage());
    const ready = track(t.auth.ready());
    await vi.advanceTimersByTimeAsync(29_900);
    expect(ready.outcome).toBe('pending');
    await vi.advanceTimersByTimeAsync(100);
    expect(ready.outcome).toMatchObject({ status: 'anonymous' });
    t.auth.dispose();
  });

  it('rejects a logout with ERR_FIEF_CHUNK_LOAD within a request time, the session ended here all the same', async () => {
    const { t } = dueTabStalling();
    t.auth.start();
    const logout = track(t.auth.logout('http://127.0.0.1:5173/'));
    expect(t.auth.getSnapshot().status).toBe('anonymous');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(logout.outcome).toBe('ERR_FIEF_CHUNK_LOAD');
    t.auth.dispose();
  });

  it('starts the engine when a later load brings the chunk, which refreshes the due token', async () => {
    const { fief, t } = dueTabStalling();
    t.auth.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(t.auth.getSnapshot().error?.code).toBe('ERR_FIEF_CHUNK_LOAD');
    page.withChunk();
    await vi.advanceTimersByTimeAsync(5_000);
    await vi.waitFor(() => expect(fief.sent).toEqual(['rt-1']));
    await vi.waitFor(() =>
      expect(t.auth.getSnapshot()).toMatchObject({ status: 'authenticated', error: null }),
    );
    t.auth.dispose();
  });
});
