/**
 * h41 finding 5: `FiefAuth.start()` says "another tab's sign-out (its logout mark) ends the session here at once,
 * whether the chunk ever loads or not", but the door only listens for `storage` events from `start()` on: a mark
 * written while it did not listen (between the constructor and the first render, or while the provider was unmounted)
 * is not read when it starts. With the chunk there, the engine's resume reads it; without it (slow, offline), the page
 * keeps showing the ended sign-in, and `getTokenInfo()` / the snapshot's `tokenInfo` hand out its access token.
 */
import { describe, expect, it, vi } from 'vitest';
import * as door from '../loadSessionFlows.js';
import { markLoggedOut } from '../sessionStore.js';
import { MemoryStorage } from '../storage.js';
import { failedLoad, pageWithoutChunk, stalledLoad } from './sessionFlowsSpies.js';
import { InTestTabs, NS, StubFief, tab } from './stubFiefKit.js';

vi.mock('../loadSessionFlows.js', (original) =>
  import('./sessionFlowsSpies.js').then((kit) => kit.spied(original)),
);
const page = await pageWithoutChunk(door);

/** A signed-in tab, built (not started); another tab signs out before it starts. */
async function signedOutBeforeStart() {
  const fief = new StubFief();
  const shared = new MemoryStorage();
  const t = tab(fief, new InTestTabs(), fief.session(), shared);
  await vi.advanceTimersByTimeAsync(1_000);
  markLoggedOut(shared, NS, Date.now());
  return t;
}

describe('a logout mark written before start()', () => {
  it('with the chunk there: the engine ends the session at start (what the page should do either way)', async () => {
    const t = await signedOutBeforeStart();
    t.auth.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.auth.getSnapshot().status).toBe('anonymous');
    t.auth.dispose();
  });

  it('with the chunk slow or offline: the page still shows the ended sign-in and hands out its access token', async () => {
    page.withoutChunk(stalledLoad);
    const t = await signedOutBeforeStart();
    t.auth.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.auth.getTokenInfo()).toBeNull();
    expect(t.auth.getSnapshot().status).toBe('anonymous');
    t.auth.dispose();
  });

  it('the same after a remount (the mark was written while the provider was unmounted), chunk failing', async () => {
    page.withoutChunk(failedLoad);
    const fief = new StubFief();
    const shared = new MemoryStorage();
    const t = tab(fief, new InTestTabs(), fief.session(), shared);
    t.auth.start();
    await vi.advanceTimersByTimeAsync(100);
    t.auth.dispose();
    markLoggedOut(shared, NS, Date.now());
    t.auth.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(t.auth.getSnapshot().tokenInfo).toBeNull();
    expect(t.auth.getUserinfo()).toBeNull();
    t.auth.dispose();
  });
});
