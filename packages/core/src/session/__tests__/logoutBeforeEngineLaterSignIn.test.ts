/**
 * h41 finding 2: a logout made before the session chunk arrived ends the session here and writes the logout mark at
 * once (`EngineDoor.signOutHere`), then, once the chunk arrives, runs the engine's own logout: `keeper.signOut()`
 * writes the mark again with the time the chunk ARRIVED, and posts `{ kind: 'logout', ended: null }` (the keeper holds
 * no session any more, so the message does not say which sign-in ended). A sign-in made in another tab between the
 * click and the chunk's arrival (a slow network) is then ended by the message, and refused by the later mark: the
 * user is signed out of the session they just opened. Before 8377df8 the keeper signed out at the click and queued a
 * message naming the ended sign-in, which a later sign-in survives (engineArrivingLate.dom.test.ts covers the
 * failed-chunk variant only).
 */
import { describe, expect, it, vi } from 'vitest';
import * as door from '../loadSessionFlows.js';
import { readLoggedOutAt } from '../sessionStore.js';
import { MemoryStorage } from '../storage.js';
import { pageWithoutChunk } from './sessionFlowsSpies.js';
import { InTestTabs, NS, StubFief, tab } from './stubFiefKit.js';

vi.mock('../loadSessionFlows.js', (original) =>
  import('./sessionFlowsSpies.js').then((kit) => kit.spied(original)),
);
const page = await pageWithoutChunk(door);

describe('a logout clicked while the session chunk is still loading (slow network)', () => {
  it('does not end a sign-in another tab made after the click, once the chunk arrives', async () => {
    const fief = new StubFief();
    const tabs = new InTestTabs();
    const shared = new MemoryStorage();

    // Tab A: signed in, its chunk slow.
    const waiting: (() => void)[] = [];
    const arrive = () => {
      for (const resolve of waiting.splice(0)) resolve();
    };
    page.withoutChunk(() =>
      new Promise<void>((resolve) => waiting.push(resolve)).then(() => page.actual.loadSessionFlows()),
    );
    const a = tab(fief, tabs, fief.session('sid-old'), shared);
    a.auth.start();
    await vi.advanceTimersByTimeAsync(10);
    const logout = a.auth.logout('https://app.example/').catch(() => {});
    expect(a.auth.getSnapshot().status).toBe('anonymous');
    const clickedAt = readLoggedOutAt(shared, NS);

    // Three seconds later the user signs in again in tab B (its chunk is there).
    await vi.advanceTimersByTimeAsync(3_000);
    vi.mocked(door.loadedSessionFlows).mockImplementation(page.actual.loadedSessionFlows);
    const b = tab(fief, tabs, fief.session('sid-new'), shared);
    b.auth.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(b.auth.getSnapshot().status).toBe('authenticated');

    // Tab A's chunk arrives.
    await vi.advanceTimersByTimeAsync(3_000);
    arrive();
    await vi.advanceTimersByTimeAsync(100);
    await logout;

    // Before the fix: tab B is signed out by A's late `logout` message, and its sign-in is refused by A's second mark.
    expect(b.auth.getSnapshot().status).toBe('authenticated');
    expect(await b.auth.getAccessToken()).not.toBeNull();
    expect(readLoggedOutAt(shared, NS)).toBe(clickedAt);
    a.auth.dispose();
    b.auth.dispose();
  });
});
