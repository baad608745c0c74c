/**
 * The link to the other tabs opens once the session's chunk arrived, not at `start()`: what the tab says before
 * must still reach the others, a stop before must open nothing, and a chunk that cannot load must not leave an
 * empty tab `loading` forever.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import { sessionNamespace } from '../engineSettings.js';
import { FiefAuth } from '../fiefAuth.js';
import { loadSessionFlows } from '../loadSessionFlows.js';
import { saveSession } from '../sessionStore.js';
import { MemoryStorage } from '../storage.js';
import { InTestTabs, sessionChunkArrived, waitFor } from './authTestKit.js';
import { sampleSession } from './sessionFixtures.js';

vi.mock('../loadSessionFlows.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../loadSessionFlows.js')>();
  return { ...actual, loadSessionFlows: vi.fn(actual.loadSessionFlows) };
});

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
});

/** A tab; `signedIn`: with the same sign-in stored as every other signed-in tab. */
function tab(signedIn: boolean, shared: Storage | null = localStorage): FiefAuth {
  const storage = new MemoryStorage();
  if (signedIn) saveSession(storage, sessionNamespace(fief), sampleSession());
  const auth = new FiefAuth(fief, {
    storage,
    tabSync: { channel: tabs.channel, locks: tabs.locks, shared },
    navigate: () => {},
  });
  engines.push(auth);
  return auth;
}

describe('the link to the other tabs, opened with the session chunk', () => {
  it('carries a sign-out made before it opened to the other tabs once it opens', async () => {
    // No shared storage: no logout mark, only the message can tell the other tab.
    const other = tab(true, null);
    other.start();
    await sessionChunkArrived();
    const leaving = tab(true, null);
    leaving.start();
    // Synchronously after start: the link is not open yet.
    const logout = leaving.logout('http://127.0.0.1:5173/').catch(() => {});
    expect(leaving.getSnapshot().status).toBe('anonymous');
    await waitFor(() => other.getSnapshot().status === 'anonymous', 2_000, 'the other tab signed out');
    await logout;
    // The tab that signed out did not take the session back from the other tab's answer.
    expect(leaving.getSnapshot().status).toBe('anonymous');
  });

  it('opens nothing when the engine stops before the chunk arrives, and one channel after a restart', async () => {
    const auth = tab(false);
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
    vi.mocked(loadSessionFlows).mockImplementationOnce(() =>
      Promise.reject(new TypeError('Failed to fetch')),
    );
    const auth = tab(false);
    auth.start();
    await waitFor(() => auth.getSnapshot().status === 'anonymous', 1_000, 'anonymous');
    expect(tabs.openChannels).toBe(0);
    // Back online: the page resumes, which asks the other tabs, which opens the link.
    window.dispatchEvent(new Event('online'));
    await waitFor(() => tabs.openChannels === 1, 1_000, 'the link open');
  });
});
