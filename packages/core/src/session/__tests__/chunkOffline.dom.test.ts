/**
 * A tab reloaded offline with an expired stored session (its refresh token kept): the refresh code (the session's
 * chunk, with the engine) cannot load. The tab settles on `error` as it would with the chunk cached and Fief
 * unreachable, instead of staying `loading` for as long as it is offline.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import { sessionNamespace } from '../engineSettings.js';
import { FiefAuth } from '../fiefAuth.js';
import { loadSessionFlows } from '../loadSessionFlows.js';
import { saveSession } from '../sessionSave.js';
import { MemoryStorage } from '../storage.js';
import { InTestTabs, sleep } from './authTestKit.js';
import { sampleSession } from './sessionFixtures.js';

vi.mock('../loadSessionFlows.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../loadSessionFlows.js')>();
  // Offline: the chunk never loads (and never did in this page).
  return { ...actual, loadSessionFlows: vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))) };
});

const fief = new Fief({ baseURL: 'http://127.0.0.1:9', clientId: 'spa' });
let auth: FiefAuth | undefined;

beforeEach(() => {
  localStorage.clear();
});
afterEach(() => {
  auth?.dispose();
});

describe('an offline reload with an expired stored session', () => {
  it('settles (ready() and getAccessToken() resolve) when the session chunk cannot load', {
    timeout: 10_000,
  }, async () => {
    const now = Date.now();
    const storage = new MemoryStorage();
    // Issued two hours ago, expired one hour ago; its refresh token is still good.
    const issued = now - 7_200_000;
    saveSession(
      storage,
      sessionNamespace(fief),
      sampleSession(issued, {
        tokenInfo: { ...sampleSession(issued).tokenInfo, expires_at: now - 3_600_000 },
      }),
    );
    const tabs = new InTestTabs();
    auth = new FiefAuth(fief, { storage, tabSync: { channel: tabs.channel, locks: tabs.locks } });
    let settled = false;
    let token: string | null | undefined;
    void auth.ready().then(() => {
      settled = true;
    });
    auth.getAccessToken().then(
      (value) => {
        token = value;
      },
      () => {},
    );
    await sleep(100);
    expect(loadSessionFlows).toHaveBeenCalled();
    expect(auth.getSnapshot()).toMatchObject({ status: 'error', error: { code: 'ERR_FIEF_CHUNK_LOAD' } });
    expect(settled).toBe(true);
    expect(token).toBeNull();
  });
});
