/**
 * What the tests of a refused tab's wait (`spentBeside.ts`) share: tabs whose every status is recorded, tabs with
 * neither Web Locks nor shared storage, and a Fief that answers one token request later than the others.
 */

import { expect, vi } from 'vitest';
import type { FiefAuthStatus } from '../authState.js';
import { FiefAuth } from '../fiefAuth.js';
import { saveSession } from '../sessionSave.js';
import type { Session } from '../sessionStore.js';
import { MemoryStorage, type StorageLike } from '../storage.js';
import { InTestTabs, NS, StubFief } from './stubFiefKit.js';

export interface WatchedTab {
  auth: FiefAuth;
  /** Every status the app was shown, in order. */
  statuses: FiefAuthStatus[];
}

/** Starts `auth`, recording every status it shows. */
export function watched(auth: FiefAuth): WatchedTab {
  const statuses: FiefAuthStatus[] = [];
  auth.subscribe(() => statuses.push(auth.getSnapshot().status));
  return { auth, statuses };
}

/** The statuses `tab` showed other than signed in (none, for a tab that never showed signed out). */
export function otherThanSignedIn(tab: WatchedTab): FiefAuthStatus[] {
  return tab.statuses.filter((status) => status !== 'authenticated');
}

/** Both tabs' forced refreshes got at-2, and neither ever showed anything but signed in. Disposes them. */
export async function expectBothKeptTheSignIn(
  tabs: WatchedTab[],
  tokens: Promise<string | null>[],
): Promise<void> {
  for (const token of tokens) await expect(token).resolves.toBe('at-2');
  for (const tab of tabs) {
    expect(tab.auth.getSnapshot().status).toBe('authenticated');
    expect(otherThanSignedIn(tab)).toEqual([]);
    tab.auth.dispose();
  }
}

/**
 * Fief's answer to the token requests `late` picks (by their order; the first by default) reaches its tab `ms` later
 * than it would (a stalled connection).
 */
export function answerLate(
  fief: StubFief,
  ms: number,
  late: (request: number) => boolean = (request) => request === 0,
): void {
  const answer = fief.authRefreshToken.bind(fief);
  let requests = 0;
  fief.authRefreshToken = async (rt: string) => {
    const slow = late(requests++);
    const answered = await answer(rt);
    if (slow) await new Promise((resolve) => setTimeout(resolve, ms));
    return answered;
  };
}

/**
 * One tab signed in with `session`, without Web Locks, started and watched; `shared`: its copy of the storage shared
 * by the tabs, or none.
 */
export function tabWithoutLock(
  fief: StubFief,
  session: Session,
  tabs: InTestTabs,
  shared: StorageLike | null = null,
): WatchedTab {
  const storage = new MemoryStorage();
  saveSession(storage, NS, session);
  const auth = new FiefAuth(fief.asFief(), {
    storage,
    refreshMarginSeconds: 10,
    navigate: () => {},
    tabSync: { channel: tabs.channel, locks: null as never, shared },
  });
  return watched(auth);
}

/** `count` tabs as {@link tabWithoutLock}, whose messages take 50 ms. */
export function tabsWithoutLock(
  fief: StubFief,
  session: Session,
  tabs = new InTestTabs(),
  count = 2,
): WatchedTab[] {
  tabs.latencyMs = 50;
  return Array.from({ length: count }, () => tabWithoutLock(fief, session, tabs));
}

/**
 * The story most of these tests start from: two tabs with neither lock nor shared storage send rt-1 50 ms apart
 * (`getAccessToken({ forceRefresh: true })`: `ta`, `tb`), to a Fief that refuses the second request and whose answer
 * to the first reaches its tab 8 s late.
 */
export async function bothSendRt1(tabs = new InTestTabs()): Promise<{
  fief: StubFief;
  a: WatchedTab;
  b: WatchedTab;
  ta: Promise<string | null>;
  tb: Promise<string | null>;
}> {
  const fief = new StubFief();
  fief.refusesReuse = true;
  fief.latencyMs = 100;
  answerLate(fief, 8_000);
  const [a, b] = tabsWithoutLock(fief, fief.session(), tabs) as [WatchedTab, WatchedTab];
  const ta = a.auth.getAccessToken({ forceRefresh: true });
  await vi.advanceTimersByTimeAsync(50);
  const tb = b.auth.getAccessToken({ forceRefresh: true });
  return { fief, a, b, ta, tb };
}
