/**
 * The engine, and its link to the other tabs, starts once the session's chunk arrived, not at `start()`: a sign-out
 * made before must still reach the others, a stop before must open nothing, and a chunk that cannot load must not
 * leave an empty tab `loading` forever. A sign-out made before the link opened still reaches the other tabs when the
 * page leaves for Fief, and does not end a sign-in that began after it.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import { sessionNamespace } from '../engineSettings.js';
import { FiefAuth } from '../fiefAuth.js';
import { loadedSessionFlows, loadSessionFlows } from '../loadSessionFlows.js';
import { saveSession } from '../sessionSave.js';
import type { Session } from '../sessionStore.js';
import { MemoryStorage } from '../storage.js';
import { InTestTabs, sessionChunkArrived, sleep, waitFor } from './authTestKit.js';
import { sampleSession } from './sessionFixtures.js';

vi.mock('../loadSessionFlows.js', (original) =>
  import('./sessionFlowsSpies.js').then((kit) => kit.spied(original)),
);
const { loadSessionFlows: actualLoad } =
  await vi.importActual<typeof import('../loadSessionFlows.js')>('../loadSessionFlows.js');

// Nothing listens there: a request fails at once.
const fief = new Fief({ baseURL: 'http://127.0.0.1:9', clientId: 'spa' });

let tabs: InTestTabs;
let engines: FiefAuth[];
beforeEach(() => {
  tabs = new InTestTabs();
  engines = [];
  localStorage.clear();
});
afterEach(() => {
  for (const auth of engines) auth.dispose();
  vi.mocked(loadedSessionFlows).mockRestore();
  vi.mocked(loadSessionFlows).mockImplementation(actualLoad);
});

/** This page does not have the session's chunk yet (earlier tests of this file loaded it in the module map). */
function chunkNotLoaded(): void {
  vi.mocked(loadedSessionFlows).mockReturnValue(null);
}

/** A tab over `session` (`sampleSession()`: the same sign-in as every other tab given one). */
function tab(
  session: Session | null,
  {
    shared = localStorage,
    navigate = () => {},
  }: { shared?: Storage | null; navigate?: (url: string) => void } = {},
): FiefAuth {
  const storage = new MemoryStorage();
  if (session !== null) saveSession(storage, sessionNamespace(fief), session);
  const auth = new FiefAuth(fief, {
    storage,
    tabSync: { channel: tabs.channel, locks: tabs.locks, shared },
    navigate,
  });
  engines.push(auth);
  return auth;
}

describe('the link to the other tabs, opened with the session chunk', () => {
  it('carries a sign-out made before it opened to the other tabs once it opens', async () => {
    // No shared storage: no logout mark, only the message can tell the other tab.
    const other = tab(sampleSession(), { shared: null });
    other.start();
    await sessionChunkArrived();
    chunkNotLoaded();
    const leaving = tab(sampleSession(), { shared: null });
    leaving.start();
    // Synchronously after start: the engine and its link are not there yet.
    const logout = leaving.logout('http://127.0.0.1:5173/').catch(() => {});
    expect(leaving.getSnapshot().status).toBe('anonymous');
    await waitFor(() => other.getSnapshot().status === 'anonymous', 2_000, 'the other tab signed out');
    await logout;
    // The tab that signed out did not take the session back from the other tab's answer.
    expect(leaving.getSnapshot().status).toBe('anonymous');
  });

  it('opens nothing when the engine stops before the chunk arrives, and one channel after a restart', async () => {
    chunkNotLoaded();
    const auth = tab(null);
    auth.start();
    auth.dispose();
    await sessionChunkArrived();
    expect(tabs.openChannels).toBe(0);
    // StrictMode: start, dispose, start in one go.
    auth.start();
    auth.dispose();
    auth.start();
    await sessionChunkArrived();
    expect(tabs.openChannels).toBe(1);
  });

  it('settles a tab with nothing stored on anonymous when the chunk cannot load, and opens at the next try', async () => {
    chunkNotLoaded();
    vi.mocked(loadSessionFlows).mockImplementationOnce(() =>
      Promise.reject(new TypeError('Failed to fetch')),
    );
    const auth = tab(null);
    auth.start();
    await waitFor(() => auth.getSnapshot().status === 'anonymous', 1_000, 'anonymous');
    expect(tabs.openChannels).toBe(0);
    // Back online: the page resumes, which asks the other tabs, which opens the link.
    window.dispatchEvent(new Event('online'));
    await waitFor(() => tabs.openChannels === 1, 1_000, 'the link open');
  });
});

describe('a sign-out queued before the link opened', () => {
  it('does not end a sign-in that began after it, when the link opens later (back online)', async () => {
    // The chunk is in the module map (another tab of this test file loaded it), so only the link's load fails.
    await sessionChunkArrived();
    chunkNotLoaded();
    vi.mocked(loadSessionFlows).mockImplementation(() => Promise.reject(new TypeError('Failed to fetch')));
    const leaving = tab(sampleSession(Date.now() - 1_000));
    leaving.start();
    await sleep(0);
    // Offline: the link failed to open. The user signs out here; Fief cannot be told (the page stays).
    await leaving.logout('http://127.0.0.1:5173/').catch(() => {});
    expect(leaving.getSnapshot().status).toBe('anonymous');
    await sleep(5);

    // Later, the user signs in again in another tab: a new sign-in, created after the sign-out.
    vi.mocked(loadSessionFlows).mockImplementation(actualLoad);
    const fresh = sampleSession(Date.now(), { sid: 'ffffffffffffffffffffffff' });
    const other = tab(fresh);
    other.start();
    await sessionChunkArrived();
    expect(other.getSnapshot().status).toBe('authenticated');

    // The first tab comes back online: its link opens and sends what it queued.
    window.dispatchEvent(new Event('online'));
    await waitFor(() => tabs.openChannels === 2, 1_000, 'both links open');
    await sleep(50);
    expect(other.getSnapshot().status).toBe('authenticated');
  });
});

describe('a sign-out made before the link opened, then the page leaves for Fief', () => {
  it('signs the other tabs out although the page left for Fief before its link opened', async () => {
    await sessionChunkArrived();
    const other = tab(sampleSession());
    other.start();
    await sessionChunkArrived();
    expect(other.getSnapshot().status).toBe('authenticated');

    // Fief answers the reachability probe.
    vi.stubGlobal('fetch', () => Promise.resolve(new Response(null)));
    try {
      // The session chunk is slow to arrive in this tab (a slow network): its link is still opening.
      const flows = await loadSessionFlows();
      chunkNotLoaded();
      vi.mocked(loadSessionFlows).mockImplementationOnce(() => sleep(300).then(() => flows));
      let left = false;
      const leaving: FiefAuth = tab(sampleSession(), {
        navigate: () => {
          // The page leaves for Fief's logout URL: this tab's engine is gone.
          left = true;
          leaving.dispose();
        },
      });
      leaving.start();
      await leaving.logout('http://127.0.0.1:5173/');
      expect(left).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
    await sleep(50);
    expect(other.getSnapshot().status).toBe('anonymous');
  });
});
