/**
 * A `getAccessToken()` asked of a running engine that is disposed (the tab closing, the provider unmounted) while
 * the refresh code (the session's chunk) is on its way: the refresh is abandoned, as when the chunk was there. Spent
 * then, its answer would reach no other tab, and they would wait for it and sign out.
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import { sessionNamespace } from '../engineSettings.js';
import { FiefAuth } from '../fiefAuth.js';
import { saveSession } from '../sessionSave.js';
import { MemoryStorage } from '../storage.js';
import { InTestTabs, sleep } from './authTestKit.js';
import { NOWHERE_BASE as BASE, NOWHERE_DISCOVERY as discovery, sampleSession } from './sessionFixtures.js';

let release: () => void = () => {};
const gate = new Promise<void>((resolve) => {
  release = resolve;
});
vi.mock('../loadSessionFlows.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../loadSessionFlows.js')>();
  // The chunk arrives when the test says (a slow network).
  return { ...actual, loadSessionFlows: vi.fn(() => gate.then(() => actual.loadSessionFlows())) };
});

let auth: FiefAuth | undefined;
afterEach(() => {
  auth?.dispose();
});

describe('an engine disposed while its refresh code loads', () => {
  it('an engine disposed while the chunk of a getAccessToken refresh loads does not spend the refresh token', async () => {
    const sentRefreshTokens: string[] = [];
    let answerDiscovery: () => void = () => {};
    const discoveryAnswered = new Promise<void>((resolve) => {
      answerDiscovery = resolve;
    });
    const fetchFn: typeof fetch = async (input, init) => {
      const url = String(input);
      if (url.endsWith('/.well-known/openid-configuration')) {
        await discoveryAnswered;
        return Response.json(discovery);
      }
      const body = init?.body === undefined || init.body === null ? '' : String(init.body);
      const refreshToken = new URLSearchParams(body).get('refresh_token');
      if (refreshToken !== null) sentRefreshTokens.push(refreshToken);
      throw new TypeError('Failed to fetch');
    };
    const fief = new Fief({ baseURL: BASE, clientId: 'spa', fetch: fetchFn });
    const storage = new MemoryStorage();
    // Valid for 10 more seconds: due for a refresh (the margin is larger), still authenticated.
    saveSession(storage, sessionNamespace(fief), sampleSession(Date.now() - 3_590_000));
    const tabs = new InTestTabs();
    auth = new FiefAuth(fief, {
      storage,
      tabSync: { channel: tabs.channel, locks: tabs.locks, shared: localStorage },
    });
    auth.start();
    expect(auth.getSnapshot().status).toBe('authenticated');
    const token = auth.getAccessToken().catch(() => null);
    await sleep(0);
    // The tab closes (or the provider unmounts) while the chunk is on its way.
    auth.dispose();
    release();
    await sleep(10);
    answerDiscovery();
    await token;
    await sleep(50);
    expect(sentRefreshTokens).toEqual([]);
  });
});
