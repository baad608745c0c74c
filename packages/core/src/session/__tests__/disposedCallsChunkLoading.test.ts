/**
 * Calls before and after an unmount while the session's chunk is still loading (`engineDoor.ts`): one token
 * request, and the calls made after the unmount get its new token (helper 25's probe, which held up).
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../storage.js';
import { InTestTabs, StubFief, tab } from './stubFiefKit.js';

let release: () => void = () => {};
const gate = new Promise<void>((resolve) => {
  release = resolve;
});
vi.mock('../loadSessionFlows.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../loadSessionFlows.js')>();
  return { ...actual, loadSessionFlows: vi.fn(() => gate.then(() => actual.loadSessionFlows())) };
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 1_767_225_600_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

it('a call before the unmount and one after, chunk loading: one request, the later call gets the new token', async () => {
  const fief = new StubFief();
  const a = tab(fief, new InTestTabs(), fief.session(), new MemoryStorage());
  vi.setSystemTime(Date.now() + 55_000);
  a.auth.start();
  const before = a.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(10);
  a.auth.dispose();
  const after1 = a.auth.getAccessToken({ forceRefresh: true });
  const after2 = a.auth.getAccessToken();
  await vi.advanceTimersByTimeAsync(10);
  release();
  await vi.advanceTimersByTimeAsync(2_000);
  expect(await after1).toBe('at-2');
  expect(await after2).toBe('at-2');
  await before;
  expect(fief.sent).toEqual(['rt-1']);
});
