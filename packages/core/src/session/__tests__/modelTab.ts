/** One tab of the model's browser: its page, its engine, its `sessionStorage`, and what the checks remember of it. */

import type { FiefAuth } from '../fiefAuth.js';
import { FiefAuthCallbackError } from '../fiefAuthCallbackError.js';
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
  /**
   * The sign-in of the session it held when last observed (`-1`: none), shown or not: a tab may adopt a newer
   * sign-in while it is expired (`loading`), and lose it when it ends before its refresh.
   */
  heldSignIn: number;
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
  /** Where its page last navigated to (Fief's login or logout page: the model's pages stay). */
  navigatedTo: string | null;
  /** Closes the tab for the browser: its Web Locks are released (its code, disposed, may still run in the model). */
  close(): void;
}

/** The provider of `tab` mounts again after an `Unmount`: its engine starts. */
export function mount(tab: ModelTab): void {
  tab.unmounted = false;
  tab.auth.start();
}

/**
 * What keeps the `live` tabs from agreeing after a drain: every one able to refresh shows the same access token (or
 * none) and is not in error; none is still loading.
 */
export function divergences(live: readonly ModelTab[]): string[] {
  const found: string[] = [];
  // A page without its validation code, or without the session's chunk, cannot refresh (it needs a reload): it must
  // settle, but may fall behind. It must still hear a sign-out.
  const able = live.filter(
    ({ page }) => page.validation === 'ok' && (page.sessionChunk || !page.sessionChunkGone),
  );
  const tokens = new Set(able.map((tab) => tab.auth.getSnapshot().tokenInfo?.access_token ?? null));
  if (tokens.size > 1) found.push(`tabs disagree after a drain: ${[...tokens].join(', ')}`);
  for (const tab of live) {
    // `error`: a refresh failed and is tried again; the tabs agreeing on no token meanwhile is not agreement. A
    // login that failed stays in error, the page saying why: a sign-out refused it while its code exchange was on its
    // way, or the exchange met a network fault.
    const { status, error } = tab.auth.getSnapshot();
    const failedLogin =
      error instanceof FiefAuthCallbackError &&
      (error.reason === 'signed_out' || (error.reason === 'token_exchange' && tab.page.exchangeFailed));
    if (status === 'loading' || (status === 'error' && able.includes(tab) && !failedLogin))
      found.push(`tab ${tab.id} still ${status} after a drain`);
  }
  return found;
}
