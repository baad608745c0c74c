/**
 * A page that goes away and comes back having missed news: kept in the back-forward cache (the user went to another
 * page, then back), or frozen (a background tab the browser froze, a laptop lid closed on it). Away, none of its code
 * runs: no timer fires, no message or `storage` event is handled, no answer is read (`whenBack` in `modelRealm.ts`);
 * meanwhile the other tabs refresh and sign out.
 *
 * Assumed, as the HTML standard reads: a `BroadcastChannel` of a page in the back-forward cache is not eligible for
 * messaging, so news posted meanwhile never reaches it (Chromium evicts such a page instead: a reload, `ReloadTab`);
 * a frozen page stays fully active, and what was posted lands once it is back. Either way a task queued before the
 * page went runs once it is back, after its page events (`pageshow` with `persisted`, `visibilitychange`), and its
 * timers that fell due meanwhile fire then, late.
 */

import type { ModelFief } from './modelFief.js';
import type { ModelPageEvents } from './modelPageEvents.js';
import type { ModelTab } from './modelTab.js';

export type AwayKind = 'bfcache' | 'frozen';

/**
 * Whether `tab`'s page may go away now. No browser keeps a page in the back-forward cache, nor freezes it, while it
 * holds or awaits a Web Lock (Chromium); nor, in the model, while its token request is on its way (Chromium evicts a
 * page whose fetch is outstanding; held, the answer would look lost to the other tabs, whose wait ends the sign-in).
 */
export function mayGoAway(tab: ModelTab, tokenRequests: number): boolean {
  return tab.open && !tab.frozen && tab.lockRequests === 0 && !tab.refreshing && tokenRequests === 0;
}

/**
 * `tab`'s page comes back: its page events fire, each a task of its own (`visibilityFirst`: the order is not the
 * same in every browser), then what waited while it was away runs.
 */
export async function comeBack(
  { pageEvents: events, fief }: { pageEvents: ModelPageEvents; fief: ModelFief },
  tab: ModelTab,
  visibilityFirst: boolean,
): Promise<void> {
  const { page } = tab;
  const away = page.away;
  if (away === null) return;
  if (away.dropsNews) fief.unheard.pageBackFromCache();
  tab.frozen = false;
  page.away = null;
  const pageshow = () => events.fire(page, 'window', 'pageshow', { persisted: true });
  const shown = () => events.fire(page, 'document', 'visibilitychange');
  const fired = !away.dropsNews ? [shown] : visibilityFirst ? [shown, pageshow] : [pageshow, shown];
  for (const fire of fired) {
    fire();
    await Promise.resolve();
  }
  away.comeBack();
}

/**
 * Whether every open tab that showed the newest access token is away: a tab that needs that session meanwhile gets
 * no answer (as when the tab that had it closed), and may end its sign-in. Once back, they answer again.
 */
export function newestOnlyAway(tabs: readonly ModelTab[]): boolean {
  const open = tabs.filter((tab) => tab.open);
  const newest = Math.max(...open.map((tab) => tab.lastRank));
  return open.filter((tab) => tab.lastRank === newest).every((tab) => tab.frozen);
}
