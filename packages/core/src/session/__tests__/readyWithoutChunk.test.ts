/**
 * h41 finding 1: `ready()` says it resolves "at once when already settled", and a signed-in reload is settled from
 * storage (`authenticated`) before anything loads. Since 8377df8 it always awaits the engine (`this.#door.load()`):
 * a router loader (`requireAuthLoader`) on a signed-in page waits for the session chunk to download, and forever when
 * that download stalls, where it used to render from storage at once (the loop of `ready()` before 8377df8 returned
 * without loading anything when the status was not `loading`).
 */
import { describe, expect, it, vi } from 'vitest';
import * as door from '../loadSessionFlows.js';
import { MemoryStorage } from '../storage.js';
import { pageWithoutChunk, stalledLoad } from './sessionFlowsSpies.js';
import { InTestTabs, StubFief, tab } from './stubFiefKit.js';

vi.mock('../loadSessionFlows.js', (original) =>
  import('./sessionFlowsSpies.js').then((kit) => kit.spied(original)),
);
const page = await pageWithoutChunk(door);

describe('ready() on a signed-in reload, the session chunk not there yet', () => {
  it('resolves at once with the stored session, without waiting for the chunk (stalled here)', async () => {
    page.withoutChunk(stalledLoad);
    const fief = new StubFief();
    const t = tab(fief, new InTestTabs(), fief.session(), new MemoryStorage());
    expect(t.auth.getSnapshot().status).toBe('authenticated');
    let settled: string | null = null;
    void t.auth.ready().then((state) => {
      settled = state.status;
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(settled).toBe('authenticated');
    t.auth.dispose();
  });
});
