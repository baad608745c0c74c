/**
 * h41 finding 3: a logout made while the session chunk cannot load ends the session here (and marks it, where there
 * is shared storage) and rejects with ERR_FIEF_CHUNK_LOAD, "the session is ended everywhere". Without shared storage
 * (no mark), only the engine's `logout` message can tell the other tabs; `SessionState.endHere` says "the engine,
 * once there, tells the other tabs", but when the chunk arrives later (the door's retry) nothing is sent: the other
 * tab keeps the signed-out user's session, and refreshes it.
 */
import { describe, expect, it, vi } from 'vitest';
import * as door from '../loadSessionFlows.js';
import { failedLoad, pageWithoutChunk } from './sessionFlowsSpies.js';
import { InTestTabs, StubFief, tab } from './stubFiefKit.js';

vi.mock('../loadSessionFlows.js', (original) =>
  import('./sessionFlowsSpies.js').then((kit) => kit.spied(original)),
);
const page = await pageWithoutChunk(door);

describe('a logout whose chunk failed, no shared storage', () => {
  it('reaches the other tabs once the chunk arrives', async () => {
    const fief = new StubFief();
    const tabs = new InTestTabs();
    const session = fief.session();
    // The other tab has its engine (its chunk loaded).
    const other = tab(fief, tabs, session, null);
    other.auth.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(other.auth.getSnapshot().status).toBe('authenticated');

    // This tab never got the chunk: offline.
    page.withoutChunk(failedLoad);
    const leaving = tab(fief, tabs, session, null);
    leaving.auth.start();
    await vi.advanceTimersByTimeAsync(100);
    const logout = await leaving.auth.logout('https://app.example/').catch((e: { code?: string }) => e.code);
    expect(logout).toBe('ERR_FIEF_CHUNK_LOAD');
    expect(leaving.auth.getSnapshot().status).toBe('anonymous');

    // Back online: the door's retry loads and starts the engine.
    page.load.mockImplementation(page.actual.loadSessionFlows);
    await vi.advanceTimersByTimeAsync(5_000);
    await vi.advanceTimersByTimeAsync(2_000);
    // The engine is there and started (it resumed, and asked the other tab for its session, which it refused).
    expect(leaving.events.map((e) => e.type)).toContain('page.resumed');
    expect(leaving.auth.getSnapshot().status).toBe('anonymous');
    expect(other.auth.getSnapshot().status).toBe('anonymous');
    other.auth.dispose();
    leaving.auth.dispose();
  });
});
