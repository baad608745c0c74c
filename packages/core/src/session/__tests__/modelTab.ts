/** One tab of the model's browser: its page, its engine, its `sessionStorage`, and what the checks remember of it. */

import type { FiefAuth } from '../fiefAuth.js';
import type { MemoryStorage } from '../storage.js';
import type { ModelPage } from './modelRealm.js';

export interface ModelTab {
  readonly id: number;
  readonly page: ModelPage;
  readonly auth: FiefAuth;
  readonly storage: MemoryStorage;
  open: boolean;
  /** Its page is in the back-forward cache or frozen (`modelAway.ts`): no command acts on it until it is back. */
  frozen: boolean;
  /** Web Lock requests of its page not settled yet (a page that holds or awaits a lock is never frozen). */
  lockRequests: number;
  /** Rank (issue order) of the last access token its snapshot showed. */
  lastRank: number;
  /** Whether its snapshot was ever authenticated. */
  wasSignedIn: boolean;
  /**
   * Whether it marked a refresh token spent and has not shown the result yet: from that moment its token request
   * may be on its way (or about to be), so closing the tab may lose the rotated refresh token.
   */
  refreshing: boolean;
  /** Calls of the app (`getAccessToken`) not answered yet: one may be about to spend the refresh token. */
  calls: number;
  /** Its provider is unmounted (`Unmount`) until a `Mount`, a `Remount` or the next drain: its engine disposed. */
  unmounted: boolean;
  unsubscribe: () => void;
  /** Closes the tab for the browser: its Web Locks are released (its code, disposed, may still run in the model). */
  close(): void;
}

/** The provider of `tab` mounts again after an `Unmount`: its engine starts. */
export function mount(tab: ModelTab): void {
  tab.unmounted = false;
  tab.auth.start();
}
