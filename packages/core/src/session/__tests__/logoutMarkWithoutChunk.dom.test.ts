/**
 * Another tab's sign-out (its logout mark and `storage` event) while this tab's session chunk is slow, or never loads
 * (a browser keeps a failed `import()` for the page's life): the sign-out ends this tab's session at once, and no
 * access token is handed out after it (helper 22's finding 1 on 5b0e8f3).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import { sessionNamespace } from '../engineSettings.js';
import { FiefAuth } from '../fiefAuth.js';
import { loadSessionFlows } from '../loadSessionFlows.js';
import { saveSession } from '../sessionSave.js';
import { logoutMarkKey, markLoggedOut, type Session } from '../sessionStore.js';
import { MemoryStorage } from '../storage.js';
import { InTestTabs, sessionChunkArrived, sleep, waitFor } from './authTestKit.js';
import { sampleSession } from './sessionFixtures.js';

vi.mock('../loadSessionFlows.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../loadSessionFlows.js')>();
  return { ...actual, loadSessionFlows: vi.fn(actual.loadSessionFlows) };
});

const fief = new Fief({ baseURL: 'http://127.0.0.1:9', clientId: 'spa' });
const namespace = sessionNamespace(fief);

const { loadSessionFlows: actualLoad } =
  await vi.importActual<typeof import('../loadSessionFlows.js')>('../loadSessionFlows.js');
let tabs: InTestTabs;
let engines: FiefAuth[];
beforeEach(async () => {
  tabs = new InTestTabs();
  engines = [];
  localStorage.clear();
  await sessionChunkArrived();
});
afterEach(() => {
  for (const auth of engines) auth.dispose();
  vi.mocked(loadSessionFlows).mockImplementation(actualLoad);
});

function tab(session: Session | null, shared: Storage | null = localStorage): FiefAuth {
  const storage = new MemoryStorage();
  if (session !== null) saveSession(storage, namespace, session);
  const auth = new FiefAuth(fief, { storage, tabSync: { channel: tabs.channel, locks: tabs.locks, shared } });
  engines.push(auth);
  return auth;
}

function logoutElsewhere(): void {
  markLoggedOut(localStorage, namespace, Date.now());
  window.dispatchEvent(
    new StorageEvent('storage', { key: logoutMarkKey(namespace), storageArea: localStorage }),
  );
}

describe('a link whose chunk never loads', () => {
  it('honors a logout another tab made (its mark + storage event)', async () => {
    vi.mocked(loadSessionFlows).mockImplementation(() => Promise.reject(new TypeError('Failed to fetch')));
    const auth = tab(sampleSession(Date.now() - 1_000));
    auth.start();
    await sleep(20);
    expect(auth.getSnapshot().status).toBe('authenticated');
    logoutElsewhere();
    await sleep(20);
    const token = await auth.getAccessToken();
    const status = auth.getSnapshot().status;
    expect(status).toBe('anonymous');
    expect(token).toBeNull();
  });
});

describe('the gap before the link opens (chunk slow)', () => {
  it('does not hand out a token after another tab logged out', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const actual = await vi.importActual<typeof import('../loadSessionFlows.js')>('../loadSessionFlows.js');
    vi.mocked(loadSessionFlows).mockImplementation(async () => {
      await gate;
      return actual.loadSessionFlows();
    });
    const auth = tab(sampleSession(Date.now() - 1_000));
    auth.start();
    await sleep(10);
    logoutElsewhere();
    const token = await auth.getAccessToken();
    expect(auth.getSnapshot().status).toBe('anonymous');
    release();
    await waitFor(() => auth.getSnapshot().status === 'anonymous', 1_000, 'anonymous after the link opened');
    expect(token).toBeNull();
  });
});
