/** A page of the model's browser goes (a tab closed, reloaded, or leaving for Fief's login page). */

import { MemoryStorage } from '../storage.js';
import { witnessMayBeGone } from './modelTabCommand.js';
import type { ModelTab, ModelWorld } from './modelWorld.js';

/** The page of `tab` goes; `keeps`: its newest session stays in its `sessionStorage` (a reload). */
export function leave(world: ModelWorld, tab: ModelTab, keeps: boolean): void {
  world.disturbances += 1;
  witnessMayBeGone(world);
  // A request on its way, or an app call that may be about to send one (the model runs a closed tab's code on); or
  // the only copy of the newest session, whose broadcast a tab may have missed (disposed or remounting as it came).
  // A page away holds its session too: it tells the tabs once back.
  const open = world.tabs.filter((other) => other.open);
  const soleHolder = open.every((other) => other === tab || other.lastRank < tab.lastRank);
  if (world.fief.inFlight > 0 || tab.refreshing || tab.calls > 0 || (soleHolder && !keeps)) {
    // The sign-ins it held or showed, and any later one it may have been adopting: not one made after it closed.
    const { signIns } = world.fief;
    const shown = signIns.ofRank(tab.lastRank)?.index ?? 0;
    const from = tab.heldSignIn >= 0 ? Math.min(tab.heldSignIn, shown) : shown;
    for (const signIn of signIns.all.slice(from)) signIn.lostWithTab = true;
  }
  tab.open = false;
  world.fief.unheard.pageClosed(tab.page);
  tab.unsubscribe();
  tab.auth.dispose();
  tab.close();
}

/** The `sessionStorage` of `tab` as its next page in the same tab finds it (a reload, a redirect back). */
export function storageCopy(tab: ModelTab): MemoryStorage {
  const storage = new MemoryStorage();
  for (let index = 0; index < tab.storage.length; index += 1) {
    const key = tab.storage.key(index);
    if (key !== null) storage.setItem(key, tab.storage.getItem(key) ?? '');
  }
  return storage;
}
