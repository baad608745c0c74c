/**
 * h46 finding 1: a logout made in a tab that holds no session yet (a new tab asking the others, nothing in its own
 * storage), before its session chunk arrived, with no storage shared by the tabs (no logout mark). 75d7ab3 made the
 * engine's logout (`SessionKeeper.signOut`) refuse the answers posted before the other tabs heard; the door's logout
 * (`EngineDoor.signOutHere`, before the chunk) neither records the logout time nor, having no sign-in to name, tells
 * the other tabs once the engine is there: the engine asks the tabs, adopts their session, and the tab the user
 * signed out in is signed in again, the other tab never signed out.
 */
import { describe, expect, it, vi } from 'vitest';
import * as door from '../loadSessionFlows.js';
import { pageWithoutChunk } from './sessionFlowsSpies.js';
import { InTestTabs, StubFief, tab } from './stubFiefKit.js';

vi.mock('../loadSessionFlows.js', (original) =>
  import('./sessionFlowsSpies.js').then((kit) => kit.spied(original)),
);
const page = await pageWithoutChunk(door);

describe('a logout clicked in a tab with no session yet, before its chunk arrived, no shared storage', () => {
  it('stays signed out once the chunk arrives, and signs the other tab out', async () => {
    const fief = new StubFief();
    const tabs = new InTestTabs();
    // Tab A: signed in, its engine there.
    const a = tab(fief, tabs, fief.session(), null);
    a.auth.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(a.auth.getSnapshot().status).toBe('authenticated');

    // Tab B: a new tab (nothing in its own storage), its chunk slow; a /logout route signs out at once.
    const waiting: (() => void)[] = [];
    page.withoutChunk(() =>
      new Promise<void>((resolve) => waiting.push(resolve)).then(() => page.actual.loadSessionFlows()),
    );
    const b = tab(fief, tabs, null, null);
    b.auth.start();
    await vi.advanceTimersByTimeAsync(10);
    const logout = b.auth.logout('https://app.example/').catch(() => {});
    expect(b.auth.getSnapshot().status).toBe('anonymous');

    // B's chunk arrives: its engine starts and asks the other tabs.
    await vi.advanceTimersByTimeAsync(1_000);
    for (const resolve of waiting.splice(0)) resolve();
    await vi.advanceTimersByTimeAsync(2_000);
    await logout;

    expect(b.auth.getSnapshot().status).toBe('anonymous');
    expect(await b.auth.getAccessToken()).toBeNull();
    expect(a.auth.getSnapshot().status).toBe('anonymous');
    a.auth.dispose();
    b.auth.dispose();
  });
});
