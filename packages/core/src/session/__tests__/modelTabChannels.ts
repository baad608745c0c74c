/**
 * What the model checks of each page's channel to the other tabs (`cachedPageChannel.ts`): closed while the page sits
 * in the back-forward cache (Chromium evicts a cached page whose channel receives a message); open and heard once the
 * page is shown, whenever its link is open (one that never hears the others again keeps a spent refresh token and a
 * signed-out session); and one at most, with one `pagehide` listener, however often the engine stopped and started
 * (StrictMode) or the page went and came back.
 */

import type { ModelWorld } from './modelWorld.js';

/** What is wrong with the channels of the open pages now (empty: nothing). */
export function channelViolations(world: ModelWorld): string[] {
  if (!world.withBroadcastChannel) return [];
  const found: string[] = [];
  for (const tab of world.tabs) {
    const { page } = tab;
    if (!tab.open || page.away?.forGood === true) continue;
    const channels = [...world.deliveries.channels].filter((channel) => channel.page === page);
    const pageHides = world.pageEvents.count(page, 'window', 'pagehide');
    if (channels.length > 1 || pageHides > 1)
      found.push(`tab ${tab.id} has ${channels.length} channels open and ${pageHides} pagehide listeners`);
    if (page.away?.dropsNews === true && channels.length > 0)
      found.push(`tab ${tab.id} keeps its channel open in the back-forward cache`);
    // Its link open (a `pagehide` listener of the channel's): shown, it hears the others. A page whose link never
    // opened (its session chunk failed, or still loads) has none, and hears no tab by design.
    if (page.away === null && pageHides > 0 && !channels.some((channel) => channel.listening > 0))
      found.push(`tab ${tab.id} is shown with its link open, and hears no other tab`);
  }
  return found;
}
