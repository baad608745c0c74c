import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import { sessionNamespace } from '../engineSettings.js';
import { FiefAuth } from '../fiefAuth.js';
import { saveSession, serializeSession } from '../sessionSave.js';
import { loadSession, type Session, sessionKey } from '../sessionStore.js';
import {
  markRefreshAnswered,
  markRefreshSpent,
  readRefreshSpent,
  unmarkRefreshSpent,
} from '../spentRefreshMark.js';
import { MemoryStorage, STORAGE_VERSION, storageKey } from '../storage.js';
import { sampleSession } from './sessionFixtures.js';

const CLIENT = 'spa';
const KEY = sessionKey(CLIENT);

/** Every path to a leaf of a JSON value, as key lists. */
function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => [
    [...prefix, key],
    ...leafPaths(child, [...prefix, key]),
  ]);
}

function setPath(root: unknown, path: string[], replacement: unknown, remove: boolean): unknown {
  const copy = structuredClone(root) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path.at(-1) as string;
  if (remove) delete node[last];
  else node[last] = replacement;
  return copy;
}

// Property tests: generous time, the CI machine may be busy.
describe('session store', { timeout: 20_000 }, () => {
  it('reads back exactly what it wrote', () => {
    const storage = new MemoryStorage();
    const session = sampleSession();
    saveSession(storage, CLIENT, session);
    expect(loadSession(storage, CLIENT, CLIENT)).toEqual(session);
    saveSession(storage, CLIENT, null);
    expect(storage.getItem(KEY)).toBeNull();
  });

  it('reads any corrupt stored value as signed out, removes it, and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.string({ unit: 'binary' })), (raw) => {
        const storage = new MemoryStorage();
        storage.setItem(KEY, raw);
        expect(loadSession(storage, CLIENT, CLIENT)).toBeNull();
        expect(storage.getItem(KEY)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it('rejects a stored session with any field missing, mistyped or tampered', () => {
    const envelope = JSON.parse(serializeSession(sampleSession())) as unknown;
    const paths = leafPaths(envelope).filter((path) => path.length > 0);
    const wrongValue = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.double(),
      fc.constant(-1),
      fc.constant(''),
      fc.object(),
      fc.array(fc.integer(), { minLength: 1 }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...paths), wrongValue, fc.boolean(), (path, replacement, remove) => {
        const storage = new MemoryStorage();
        const raw = JSON.stringify(setPath(envelope, path, replacement, remove));
        storage.setItem(KEY, raw);
        let session: Session | null = null;
        expect(() => {
          session = loadSession(storage, CLIENT, CLIENT);
        }).not.toThrow();
        if (session === null) {
          expect(storage.getItem(KEY)).toBeNull();
        } else {
          // Only a value that is valid for its field may pass (e.g. an extra userinfo claim), and it reads back.
          expect(JSON.parse(serializeSession(session))).toEqual(JSON.parse(raw));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the spent-refresh mark without any token, and withdraws it only when it is still the same', () => {
    const shared = new MemoryStorage();
    const mark = { sid: 'sid-1', generation: 3, by: 'tab-a' };
    markRefreshSpent(shared, CLIENT, mark);
    expect(readRefreshSpent(shared, CLIENT, 'sid-1')).toEqual(mark);
    expect(readRefreshSpent(shared, CLIENT, 'sid-2')).toBeNull();
    expect(
      JSON.stringify([...Array(shared.length).keys()].map((i) => shared.getItem(shared.key(i) ?? ''))),
    ).not.toMatch(/token/);
    unmarkRefreshSpent(shared, CLIENT, { ...mark, by: 'tab-b' });
    expect(readRefreshSpent(shared, CLIENT, 'sid-1')).toEqual(mark);
    // Withdrawn, it goes back to the generation spent to obtain this one (that refresh had its answer); from the
    // first, it is gone.
    unmarkRefreshSpent(shared, CLIENT, mark);
    expect(readRefreshSpent(shared, CLIENT, 'sid-1')).toEqual({ ...mark, generation: 2, answered: true });
    unmarkRefreshSpent(shared, CLIENT, { ...mark, generation: 0 });
    expect(readRefreshSpent(shared, CLIENT, 'sid-1')).toEqual({ ...mark, generation: 2, answered: true });
    markRefreshSpent(shared, CLIENT, { ...mark, generation: 0 });
    unmarkRefreshSpent(shared, CLIENT, { ...mark, generation: 0 });
    expect(readRefreshSpent(shared, CLIENT, 'sid-1')).toBeNull();
  });

  it('keeps the last spent-refresh mark of a sign-in when the user signed in again and the new one refreshed', () => {
    // Was: the new sign-in's mark took its place, and a tab still holding the sign-in before (back from the
    // back-forward cache) found no mark and sent a refresh token another tab had spent.
    const shared = new MemoryStorage();
    const before = { sid: 'sid-1', generation: 3, by: 'tab-a', answered: true };
    const after = { sid: 'sid-2', generation: 0, by: 'tab-b', answered: false };
    markRefreshSpent(shared, CLIENT, before);
    markRefreshSpent(shared, CLIENT, after);
    expect(readRefreshSpent(shared, CLIENT, 'sid-1')).toEqual(before);
    expect(readRefreshSpent(shared, CLIENT, 'sid-2')).toEqual(after);
    markRefreshAnswered(shared, CLIENT, after);
    expect(readRefreshSpent(shared, CLIENT, 'sid-1')).toEqual(before);
    // The last four sign-ins are kept; a withdrawn first mark leaves the other sign-ins'.
    for (const sid of ['sid-3', 'sid-4']) markRefreshSpent(shared, CLIENT, { ...before, sid, generation: 0 });
    expect(readRefreshSpent(shared, CLIENT, 'sid-1')).toEqual(before);
    markRefreshSpent(shared, CLIENT, { ...before, sid: 'sid-5', generation: 0 });
    expect(readRefreshSpent(shared, CLIENT, 'sid-1')).toBeNull();
    unmarkRefreshSpent(shared, CLIENT, { ...before, sid: 'sid-5', generation: 0 });
    expect(readRefreshSpent(shared, CLIENT, 'sid-5')).toBeNull();
    expect(readRefreshSpent(shared, CLIENT, 'sid-4')).toEqual({ ...before, sid: 'sid-4', generation: 0 });
    expect(readRefreshSpent(shared, CLIENT, 'sid-2')).toEqual({ ...after, answered: true });
  });

  it('reads whether the spending tab had its answer only from a boolean', () => {
    const shared = new MemoryStorage();
    const mark = { sid: 'sid-1', generation: 3, by: 'tab-a' };
    markRefreshSpent(shared, CLIENT, { ...mark, answered: false });
    expect(readRefreshSpent(shared, CLIENT, 'sid-1')).toEqual({ ...mark, answered: false });
    markRefreshAnswered(shared, CLIENT, { ...mark, by: 'tab-b' });
    expect(readRefreshSpent(shared, CLIENT, 'sid-1')?.answered).toBe(false);
    markRefreshAnswered(shared, CLIENT, mark);
    expect(readRefreshSpent(shared, CLIENT, 'sid-1')?.answered).toBe(true);
    for (const answered of ['false', 0, null, {}]) {
      shared.setItem(storageKey('spent', CLIENT), JSON.stringify({ v: STORAGE_VERSION, ...mark, answered }));
      expect(readRefreshSpent(shared, CLIENT, 'sid-1')).toEqual(mark);
    }
  });

  it('does not read the session of another client or another version', () => {
    const storage = new MemoryStorage();
    storage.setItem(KEY, serializeSession(sampleSession(Date.now(), { clientId: 'other' })));
    expect(loadSession(storage, CLIENT, CLIENT)).toBeNull();
    storage.setItem(KEY, JSON.stringify({ v: 2, session: sampleSession() }));
    expect(loadSession(storage, CLIENT, CLIENT)).toBeNull();
    expect(storage.getItem(KEY)).toBeNull();
  });

  it('an engine over corrupt storage starts signed out, without throwing, and removes the key', async () => {
    const fief = new Fief({ baseURL: 'http://127.0.0.1:9', clientId: 'spa' });
    const KEY = sessionKey(sessionNamespace(fief));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (raw) => {
        const storage = new MemoryStorage();
        storage.setItem(KEY, raw);
        const auth = new FiefAuth(fief, { storage });
        expect(auth.isAuthenticated()).toBe(false);
        expect(auth.getSnapshot().userinfo).toBeNull();
        expect(storage.getItem(KEY)).toBeNull();
      }),
      { numRuns: 100 },
    );
    const storage = new MemoryStorage();
    storage.setItem(KEY, '{"v":1,"session":{"sid":"x"}}');
    const auth = new FiefAuth(fief, { storage, tabSync: { channel: () => null, locks: null } });
    auth.start();
    await expect.poll(() => auth.getSnapshot().status).toBe('anonymous');
    auth.dispose();
  });
});
