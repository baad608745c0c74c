/**
 * The `logger` option (issue 15): one event per decision, and never a secret. A full login, a refresh across two
 * tabs, a refused replay of the callback and a logout run with a logger that records everything; every token,
 * code, `state`, nonce and verifier produced in the run is collected, and none may appear in any event.
 */

import { describe, expect, it } from 'vitest';
import type { FiefAuth } from '../fiefAuth.js';
import type { FiefLogEvent } from '../logEvents.js';
import { type StorageLike, storageKeyPrefix } from '../storage.js';
import { keysWithPrefix } from '../storageListing.js';
import {
  accessTokenOf,
  loginUntilCallback,
  PAGE_URL,
  REDIRECT_URI,
  recordNavigation,
  setPageURL,
  useAuthHarness,
  waitFor,
} from './authTestKit.js';

/** Access tokens live 2 s; with a 1 s margin, each one is refreshed 1 s after it was issued. */
const harness = useAuthHarness({ accessTokenTTL: 2, refreshMarginSeconds: 1 });

/** Every string in a JSON value (the secrets in a stored record). */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(stringsIn);
}

/** Every string stored under `prefix` in `storage`, parsed where it is JSON. */
function storedStrings(storage: StorageLike, prefix: string): string[] {
  return keysWithPrefix(storage, prefix).flatMap((key) => {
    const raw = storage.getItem(key) ?? '';
    try {
      return stringsIn(JSON.parse(raw));
    } catch {
      return [raw];
    }
  });
}

describe('the logger', () => {
  it('records each decision of a login, a refresh across two tabs, a refused callback and a logout, and never a secret', async () => {
    const events: FiefLogEvent[] = [];
    const logger = (event: FiefLogEvent) => events.push(structuredClone(event));
    const secrets = new Set<string>();
    const collectTokens = (auth: FiefAuth, storage: StorageLike) => () => {
      const info = auth.getSnapshot().tokenInfo;
      if (info !== null) for (const token of [info.access_token, info.id_token]) secrets.add(token);
      for (const value of storedStrings(storage, storageKeyPrefix('session'))) secrets.add(value);
    };

    // A login: the pending login (state, nonce, verifier) and the callback URL (code, state) are secrets.
    const navigation = recordNavigation();
    const a = harness.openTab({ logger, navigate: navigation.navigate });
    a.auth.subscribe(collectTokens(a.auth, a.storage));
    const callbackURL = await loginUntilCallback(a.auth, navigation);
    for (const value of storedStrings(sessionStorage, storageKeyPrefix('pending'))) secrets.add(value);
    for (const value of new URL(callbackURL).searchParams.values()) secrets.add(value);
    await a.auth.authCallback(REDIRECT_URI);

    // The same callback URL again: refused, nothing stored.
    setPageURL(callbackURL);
    const replay = harness.openTab({ logger });
    await expect(replay.auth.authCallback(REDIRECT_URI)).rejects.toThrow();
    setPageURL(PAGE_URL);

    // A second tab, then refreshes across both.
    const b = harness.openTab({ logger });
    b.auth.subscribe(collectTokens(b.auth, b.storage));
    await waitFor(() => b.auth.isAuthenticated(), 3_000, 'tab b to adopt the session');
    const first = accessTokenOf(a.auth);
    await waitFor(
      () => accessTokenOf(a.auth) !== first && accessTokenOf(b.auth) === accessTokenOf(a.auth),
      5_000,
      'a refresh both tabs share',
    );

    await a.auth.logout(PAGE_URL);
    await waitFor(() => b.auth.getSnapshot().status === 'anonymous', 3_000, 'tab b signed out');

    const types = new Set(events.map((event) => event.type));
    for (const type of [
      'session.read',
      'callback.succeeded',
      'callback.failed',
      'tab.message',
      'refresh.scheduled',
      'refresh.locked',
      'refresh.started',
      'refresh.succeeded',
      'logout',
    ] as const) {
      expect(types, `an event of type ${type}`).toContain(type);
    }
    const meaningful = [...secrets].filter((secret) => secret.length >= 16);
    expect(meaningful.length).toBeGreaterThanOrEqual(8);
    const recorded = JSON.stringify(events);
    for (const secret of meaningful) {
      expect(recorded.includes(secret), `a secret of ${secret.length} characters in the log`).toBe(false);
    }
  });

  it('a logger that throws never breaks the engine', async () => {
    const a = await harness.signedInTab({
      logger: () => {
        throw new Error('broken logger');
      },
    });
    expect(a.auth.isAuthenticated()).toBe(true);
    await a.auth.logout(PAGE_URL);
    expect(a.auth.getSnapshot().status).toBe('anonymous');
  });
});
