/**
 * The window and document listeners of an engine across start/dispose cycles (React StrictMode), failed opens of its
 * link and their retries: none is left after a dispose, also one made by a subscriber while the failed open settles
 * (helper 22's finding 2).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import { sessionNamespace } from '../engineSettings.js';
import { FiefAuth } from '../fiefAuth.js';
import { loadedSessionFlows, loadSessionFlows } from '../loadSessionFlows.js';
import { saveSession } from '../sessionSave.js';
import type { Session } from '../sessionStore.js';
import { MemoryStorage } from '../storage.js';
import { InTestTabs, sessionChunkArrived, sleep } from './authTestKit.js';
import { sampleSession } from './sessionFixtures.js';

vi.mock('../loadSessionFlows.js', (original) =>
  import('./sessionFlowsSpies.js').then((kit) => kit.spied(original)),
);
const { loadSessionFlows: actualLoad } =
  await vi.importActual<typeof import('../loadSessionFlows.js')>('../loadSessionFlows.js');

const fief = new Fief({ baseURL: 'http://127.0.0.1:9', clientId: 'spa' });
const namespace = sessionNamespace(fief);
let tabs: InTestTabs;

/** Live listeners added on window/document, by type. */
const live = new Map<string, Set<unknown>>();
const originals: [
  EventTarget,
  typeof EventTarget.prototype.addEventListener,
  typeof EventTarget.prototype.removeEventListener,
][] = [];
function spyOn(target: EventTarget, name: string): void {
  const add = target.addEventListener;
  const remove = target.removeEventListener;
  originals.push([target, add, remove]);
  target.addEventListener = function (type: string, listener: unknown, options?: unknown) {
    const key = `${name}:${type}`;
    if (!live.has(key)) live.set(key, new Set());
    live.get(key)?.add(listener);
    return add.call(this, type, listener as EventListener, options as AddEventListenerOptions);
  };
  target.removeEventListener = function (type: string, listener: unknown, options?: unknown) {
    live.get(`${name}:${type}`)?.delete(listener);
    return remove.call(this, type, listener as EventListener, options as EventListenerOptions);
  };
}
function liveCounts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, set] of live) if (set.size > 0) out[key] = set.size;
  return out;
}

beforeEach(async () => {
  tabs = new InTestTabs();
  localStorage.clear();
  await sessionChunkArrived();
  live.clear();
  spyOn(window, 'window');
  spyOn(document, 'document');
});
afterEach(() => {
  for (const [target, add, remove] of originals.splice(0)) {
    target.addEventListener = add;
    target.removeEventListener = remove;
  }
  vi.mocked(loadSessionFlows).mockImplementation(actualLoad);
  vi.mocked(loadedSessionFlows).mockRestore();
});

function tab(session: Session | null): FiefAuth {
  const storage = new MemoryStorage();
  if (session !== null) saveSession(storage, namespace, session);
  return new FiefAuth(fief, {
    storage,
    tabSync: { channel: tabs.channel, locks: tabs.locks, shared: localStorage },
  });
}

describe('listeners', () => {
  it('none left after StrictMode cycles and a final dispose', async () => {
    const auth = tab(sampleSession());
    for (let i = 0; i < 3; i++) {
      auth.start();
      auth.dispose();
      auth.start();
      await sessionChunkArrived();
      auth.dispose();
      await sleep(0);
    }
    auth.dispose();
    expect(liveCounts()).toEqual({});
  });

  it('none left after failed opens and retries (online), then dispose', async () => {
    vi.mocked(loadSessionFlows).mockImplementation(() => Promise.reject(new TypeError('Failed to fetch')));
    vi.mocked(loadedSessionFlows).mockReturnValue(null);
    const auth = tab(null);
    auth.start();
    await sleep(5);
    for (let i = 0; i < 3; i++) {
      window.dispatchEvent(new Event('online'));
      await sleep(5);
    }
    auth.dispose();
    expect(liveCounts()).toEqual({});
    auth.start();
    vi.mocked(loadSessionFlows).mockImplementation(actualLoad);
    vi.mocked(loadedSessionFlows).mockRestore();
    window.dispatchEvent(new Event('online'));
    await sessionChunkArrived();
    await sleep(5);
    auth.dispose();
    expect(liveCounts()).toEqual({});
  });

  it('none left when a listener disposes the engine as the failed open settles it anonymous', async () => {
    vi.mocked(loadSessionFlows).mockImplementation(() => Promise.reject(new TypeError('Failed to fetch')));
    vi.mocked(loadedSessionFlows).mockReturnValue(null);
    const auth = tab(null);
    auth.subscribe(() => {
      if (auth.getSnapshot().status === 'anonymous') auth.dispose();
    });
    await sleep(20);
    expect(liveCounts()).toEqual({});
  });
});
