/**
 * Races of a disposed engine that still refreshes or signs out (helper 21's attack on d0483e4): its news now reaches
 * the other tabs, so it must also hold the lock until that news landed, hear of sign-outs it missed, and keep waiting
 * for the answer its caller waits for when disposed again.
 */

import { describe, expect, it } from 'vitest';
import { sessionKey } from '../sessionStore.js';
import { MemoryStorage, STORAGE_VERSION, storageKey } from '../storage.js';
import { namespaceOf, sleep, type TestTab, tokenRequests, useAuthHarness, waitFor } from './authTestKit.js';

/** A `localStorage` that is full: reads work, every write throws (no spent mark can be left). */
class FullStorage extends MemoryStorage {
  override setItem(): void {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  }
}

const harness = useAuthHarness();

/** Two tabs signed in to one session, over `shared`; `b` is then disposed unless `disposeB` is false. */
async function twoTabs(shared: MemoryStorage | null, disposeB = true): Promise<{ a: TestTab; b: TestTab }> {
  const tabSync = { channel: harness.tabs.channel, locks: harness.tabs.locks, shared };
  const a = await harness.signedInTab({ tabSync });
  const b = harness.openTab({ tabSync });
  await waitFor(() => b.auth.getSnapshot().status === 'authenticated', 3_000, 'b adopting the session');
  if (disposeB) b.auth.dispose();
  return { a, b };
}

/** Every status `tab` shows from now on, with its error code. */
function statusesOf({ auth }: TestTab): string[] {
  const seen: string[] = [];
  auth.subscribe(() => seen.push(`${auth.getSnapshot().status}:${auth.getSnapshot().error?.code ?? ''}`));
  return seen;
}

describe('a disposed engine that spends a refresh token without a spent mark (Web Locks)', () => {
  for (const [name, shared] of [
    ['no shared storage', () => null],
    ['a full localStorage', () => new FullStorage()],
  ] as const) {
    it(`holds the lock until its news landed: the next tab adopts it, sending no spent token (${name})`, async () => {
      const { a, b } = await twoTabs(shared());
      const before = tokenRequests(harness.server);
      const seen = statusesOf(a);
      // Asked in the same task: the disposed b takes the lock first (it waits for nothing), a waits for it.
      const [fromB, fromA] = await Promise.all([
        b.auth.getAccessToken({ forceRefresh: true }),
        a.auth.getAccessToken({ forceRefresh: true }),
      ]);
      expect(fromB).not.toBeNull();
      expect(fromA).not.toBeNull();
      expect(tokenRequests(harness.server)).toBe(before + 1);
      expect(seen.filter((status) => status.startsWith('anonymous'))).toEqual([]);
    }, 15_000);
  }

  it('also when its message is 300 ms slower than the lock: the next tab is never signed out', async () => {
    const { a, b } = await twoTabs(null);
    harness.tabs.latencyMs = 300;
    const seen = statusesOf(a);
    await Promise.all([
      b.auth.getAccessToken({ forceRefresh: true }),
      a.auth.getAccessToken({ forceRefresh: true }),
    ]);
    await sleep(600);
    expect(seen.filter((status) => status.startsWith('anonymous'))).toEqual([]);
  }, 15_000);
});

describe('a started engine remounted (StrictMode) while it holds the lock for its news', () => {
  it('keeps holding it: the next tab does not send the spent token', async () => {
    const { a, b } = await twoTabs(null, false);
    harness.tabs.latencyMs = 100;
    const before = tokenRequests(harness.server);
    const oldToken = a.auth.getSnapshot().tokenInfo?.access_token;
    const seen = statusesOf(b);
    const fromA = a.auth.getAccessToken({ forceRefresh: true });
    const fromB = b.auth.getAccessToken({ forceRefresh: true });
    await waitFor(() => a.auth.getSnapshot().tokenInfo?.access_token !== oldToken, 5_000, 'a refreshed');
    a.auth.dispose();
    a.auth.start();
    await Promise.all([fromA, fromB]);
    await sleep(300);
    expect(seen.filter((status) => status.startsWith('anonymous'))).toEqual([]);
    expect(tokenRequests(harness.server)).toBe(before + 1);
  }, 15_000);
});

describe('a disposed engine asked for a token after another tab signed out', () => {
  it('hands out no token of the ended session (the logout mark says so)', async () => {
    const { a, b } = await twoTabs(localStorage as unknown as MemoryStorage);
    await a.auth.logout('http://127.0.0.1:5173/').catch(() => {});
    expect(a.auth.getSnapshot().status).toBe('anonymous');
    expect(await b.auth.getAccessToken()).toBeNull();
    expect(b.auth.getSnapshot().status).toBe('anonymous');
    expect(await b.auth.getAccessToken({ forceRefresh: true })).toBeNull();
  }, 15_000);
});

describe('a disposed engine disposed again while it waits for another tab', () => {
  it("keeps waiting (and listening) until the answer, or the end of the other tab's request", async () => {
    const { b } = await twoTabs(localStorage as unknown as MemoryStorage);
    // Another tab has just sent b's refresh token: its answer is on its way.
    const namespace = namespaceOf(harness.server);
    const { sid, generation } = JSON.parse(b.storage.getItem(sessionKey(namespace)) ?? '{}').session;
    const mark = { v: STORAGE_VERSION, sid, generation, by: 'a-tab-refreshing-now' };
    localStorage.setItem(storageKey('spent', namespace), JSON.stringify(mark));

    const token = b.auth.getAccessToken({ forceRefresh: true });
    await waitFor(() => harness.tabs.openChannels === 2, 2_000, 'b listening for the answer');
    b.auth.dispose();
    await sleep(1_200);
    // Still listening: a second dispose does not cut the wait its caller is in.
    expect(harness.tabs.openChannels).toBe(2);
    // The other tab's request got no answer: it withdraws its mark, and the wait ends.
    localStorage.removeItem(storageKey('spent', namespace));
    expect(await token).not.toBeNull();
    expect(harness.tabs.openChannels).toBe(1);
    expect(b.auth.getSnapshot()).toMatchObject({ status: 'authenticated', error: null });
  }, 15_000);
});
