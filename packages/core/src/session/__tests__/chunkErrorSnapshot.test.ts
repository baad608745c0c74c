/**
 * h41 finding 6: while the session chunk cannot load, every `getAccessToken()` / `ready()` on a session due for a
 * refresh records a new `ERR_FIEF_CHUNK_LOAD` error object (`EngineDoor.chunkFailed` -> `chunkLoadError(cause)`), so
 * `getSnapshot()` returns a new object on every call although nothing the app can see changed (same status, same
 * tokens, an error of the same code). With `useSyncExternalStore`, a component whose effect depends on the snapshot
 * and asks for a token re-renders and asks again, in a loop, each turn another network attempt at the chunk.
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
  page.withoutChunk(failedLoad);
});

describe('a due session while the session chunk cannot load', () => {
  it('keeps the same snapshot across getAccessToken calls that change nothing', async () => {
    const fief = new StubFief();
    const session = fief.session(); // 60 s, due at 50 s
    await vi.advanceTimersByTimeAsync(55_000); // valid, due
    const t = tab(fief, new InTestTabs(), session, new MemoryStorage());
    t.auth.start();
    await vi.advanceTimersByTimeAsync(0);
    const renders = vi.fn();
    t.auth.subscribe(renders);
    const before = t.auth.getSnapshot();
    expect(before.error?.code).toBe('ERR_FIEF_CHUNK_LOAD');

    expect(await t.auth.getAccessToken()).toBe('at-1');
    expect(await t.auth.getAccessToken()).toBe('at-1');
    await t.auth.ready();
    expect(t.auth.getSnapshot()).toBe(before);
    expect(renders).not.toHaveBeenCalled();
    t.auth.dispose();
  });
});

describe('a tab without a session whose sign-in could not start', () => {
  it('drops the chunk-load error once a later load brings the chunk', async () => {
    const t = tab(new StubFief(), new InTestTabs(), null, new MemoryStorage());
    t.auth.start();
    await expect(t.auth.redirectToLogin('http://127.0.0.1:5173/callback')).rejects.toMatchObject({
      code: 'ERR_FIEF_CHUNK_LOAD',
    });
    expect(t.auth.getSnapshot()).toMatchObject({
      status: 'anonymous',
      error: { code: 'ERR_FIEF_CHUNK_LOAD' },
    });

    page.withChunk();
    await vi.advanceTimersByTimeAsync(5_000); // the door tries again
    expect(t.auth.getSnapshot()).toMatchObject({ status: 'anonymous', error: null });
    t.auth.dispose();
  });
});
