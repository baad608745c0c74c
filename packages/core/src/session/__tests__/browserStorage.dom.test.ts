import { afterEach, describe, expect, it, vi } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import { sessionNamespace } from '../engineSettings.js';
import { FiefAuth } from '../fiefAuth.js';
import { saveSession } from '../sessionSave.js';
import { browserStorage, MemoryStorage, resolveStorage } from '../storage.js';
import { sampleSession } from './sessionFixtures.js';

const fief = () => new Fief({ baseURL: 'http://127.0.0.1:9', clientId: 'spa' });

/** Makes reaching `globalThis[name]` throw, as a browser with storage disabled does; returns the undo. */
function refuseAccess(name: 'localStorage' | 'sessionStorage'): () => void {
  const original = Object.getOwnPropertyDescriptor(globalThis, name);
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get() {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    },
  });
  return () => {
    if (original) Object.defineProperty(globalThis, name, original);
    else delete (globalThis as Record<string, unknown>)[name];
  };
}

describe('Web Storage in the browser', () => {
  const undo: (() => void)[] = [];
  afterEach(() => {
    for (const restore of undo.splice(0)) restore();
    vi.restoreAllMocks();
    localStorage.clear();
    sessionStorage.clear();
  });

  it('a signed-in first render writes nothing: no storage event reaches the other tabs', () => {
    const client = fief();
    saveSession(localStorage, sessionNamespace(client), sampleSession());
    const writes = vi.spyOn(Storage.prototype, 'setItem');
    const removals = vi.spyOn(Storage.prototype, 'removeItem');

    const auth = new FiefAuth(client, { storage: 'local' });

    expect(auth.getSnapshot().status).toBe('authenticated');
    expect(auth.getUserinfo()?.email).toBe(sampleSession().userinfo.email);
    expect(writes).not.toHaveBeenCalled();
    expect(removals).not.toHaveBeenCalled();
  });

  it('where reaching it throws (storage disabled), the engine keeps its session in memory', async () => {
    undo.push(refuseAccess('localStorage'), refuseAccess('sessionStorage'));
    expect(browserStorage('local')).toBeNull();
    expect(browserStorage('session')).toBeNull();
    expect(resolveStorage('local')).toBeInstanceOf(MemoryStorage);

    const auth = new FiefAuth(fief(), { storage: 'local', tabSync: { channel: () => null, locks: null } });
    expect(auth.getSnapshot().status).toBe('loading');
    auth.start();
    await expect.poll(() => auth.getSnapshot().status).toBe('anonymous');
    auth.dispose();
  });

  // A JavaScript app (TypeScript refuses these) wrote the browser's name, or misspelt one: the name was used as a
  // `Storage`, every read found nothing and every write was dropped, so each reload signed the user out, silently.
  it.each([
    { storage: 'localStorage', kept: () => localStorage },
    { storage: 'sessionStorage', kept: () => sessionStorage },
    { storage: 'sesion', kept: () => sessionStorage },
  ])('storage $storage from JavaScript keeps the session (a reload is signed in)', ({ storage, kept }) => {
    const client = fief();
    saveSession(kept(), sessionNamespace(client), sampleSession());

    const auth = new FiefAuth(client, { storage: storage as 'local' });

    expect(auth.getSnapshot().status).toBe('authenticated');
  });
});
