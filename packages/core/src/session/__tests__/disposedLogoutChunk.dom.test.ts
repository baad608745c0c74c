/**
 * A disposed engine whose session chunk never loaded signs out (helper 21's finding 3): its logout message waits for
 * the chunk, and the page must not leave for Fief before it went out (a navigation cancels the chunk's import; with
 * no shared storage there is no logout mark either, and the other tabs would stay signed in).
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import { FiefAuth } from '../fiefAuth.js';
import { anotherTabHearing, InTestTabs, sleep } from './authTestKit.js';
import { signedInAtNowhere } from './sessionFixtures.js';

let release: () => void = () => {};
const gate = new Promise<void>((resolve) => {
  release = resolve;
});
vi.mock('../loadSessionFlows.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../loadSessionFlows.js')>();
  return { ...actual, loadSessionFlows: vi.fn(() => gate.then(() => actual.loadSessionFlows())) };
});

let auth: FiefAuth | undefined;
afterEach(() => {
  auth?.dispose();
  vi.unstubAllGlobals();
});

describe('logout from a disposed engine whose chunk never loaded', () => {
  it('the logout message has gone out before the page leaves', async () => {
    const { fief, storage } = signedInAtNowhere();
    const tabs = new InTestTabs();
    const received = anotherTabHearing(tabs, fief);
    let postedAtNavigation = -1;
    auth = new FiefAuth(fief, {
      storage,
      navigate: () => {
        postedAtNavigation = tabs.posted.length;
      },
      // No shared storage: no logout mark; the message is the only news of the sign-out.
      tabSync: { channel: tabs.channel, locks: tabs.locks, shared: null },
    });
    expect(auth.getSnapshot().status).toBe('authenticated');
    // Never started (or started and disposed before the chunk arrived); the chunk arrives a moment later.
    const leaving = auth.logout('http://127.0.0.1:5173/');
    expect(auth.getSnapshot().status).toBe('anonymous');
    await sleep(50);
    expect(postedAtNavigation).toBe(-1);
    release();
    await leaving;
    expect(postedAtNavigation).toBe(1);
    await sleep(10);
    expect(received).toHaveLength(1);
    expect(String(received[0])).toContain('"kind":"logout"');
  });
});
