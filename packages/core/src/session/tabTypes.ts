/**
 * The types the engine's parts share about the other tabs: the browser APIs used (injectable in tests), the options
 * and the messages. Apart from `tabSync.ts` so that the lazily loaded parts (the lease, the refresher) can name them
 * without importing the module that loads them (no import cycle through the session's lazy chunk).
 */
import type { StorageLike } from './storage.js';

/** The part of `BroadcastChannel` used here (inject one in tests, or `null` where there is none). */
export interface BroadcastChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  close(): void;
}

/** The part of `navigator.locks` (Web Locks API) used here: an exclusive lock held while `callback` runs. */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/** How the engine reaches the other tabs; the defaults are the browser's. */
export interface TabSyncOptions {
  /** Opens the channel named `name`; `null` for none. Default: `new BroadcastChannel(name)` where it exists. */
  channel?: (name: string) => BroadcastChannelLike | null;
  /** The lock manager; `null` for none. Default: `navigator.locks` where it exists. */
  locks?: LockManagerLike | null;
  /**
   * Storage shared by the tabs of the origin, for the fallbacks (messages as `storage` events, the lease) and the
   * mark of spent refresh tokens; `null` for none. Default: `localStorage` where it exists. Without it, a tab that
   * gets the refresh lock before another tab's news of its refresh arrived may send the refresh token that tab
   * just spent (the browser orders lock grants and messages in no way): Fief refuses it, and that tab waits for the
   * other tab's session, a few seconds at most. A server that revokes the grant on reuse would end the sign-in.
   */
  shared?: StorageLike | null;
}

/** What tabs tell each other. */
export type TabMessage =
  /**
   * A tab asks the others for the live session (newly opened, back from the back-forward cache, before it spends a
   * refresh token). `holds`: the sign-in it holds (absent or `null`: none, or a tab of an earlier release); a tab
   * that knows it ended answers with its end.
   */
  | { readonly kind: 'query'; readonly holds?: HeldSignIn | null }
  /** The live session of the sender (after a sign-in, a refresh, a user info change, or to answer a query). */
  | { readonly kind: 'session'; readonly session: unknown }
  /**
   * Answers a query naming the generation whose refresh token the sender's request is spending now: its answer (the
   * next generation, or the end of the sign-in) is on its way (`spentBeside.ts`).
   */
  | { readonly kind: 'spending'; readonly spends: HeldSignIn }
  /**
   * Sign out: every session (`sid: null`), or only that sign-in up to `generation` (its refresh token was refused):
   * a tab that holds a later generation of it keeps it. `generation: null` ends every generation of `sid`.
   * `ended`: the sign-in the sender held when it signed out, with the time it signed out as `createdAt` (`null`:
   * none, or a tab of an earlier release); a tab that holds a sign-in created later keeps it (the message may have
   * waited for the sender's link to open), as the logout mark does.
   */
  | {
      readonly kind: 'logout';
      readonly sid: string | null;
      readonly generation: number | null;
      readonly ended: SignInId | null;
    };

/** What the engine hears from the tabs: a `spending` answer is the link's own business (`TabSync`). */
export type EngineMessage = Exclude<TabMessage, { readonly kind: 'spending' }>;

/** A sign-in, as a sign-out names it: its `sid`, and when it was created (ms since the epoch). */
export interface SignInId {
  readonly sid: string;
  readonly createdAt: number;
}

/** A sign-in as a tab holds it: which one, which generation of it (see {@link SignInId}). */
export interface HeldSignIn extends SignInId {
  readonly generation: number;
}

/** What the refresher needs of the tabs (`TabSync` is one): what names and takes the lock, a message, a wait. */
export interface TabLock {
  /** Identifies this tab in leases. */
  readonly tabId: string;
  /** Names the lock (and the lease) of this client. */
  readonly name: string;
  /** The Web Locks to use: `undefined` for the browser's, `null` for none. */
  readonly locks: LockManagerLike | null | undefined;
  /** Storage shared by the tabs (`localStorage`) for the lease, or `null`. */
  readonly shared: StorageLike | null;
  /** Tells the other tabs. */
  post(message: TabMessage): void;
  /** Resolves after `ms` (or sooner when the engine stops). */
  sleep(ms: number): Promise<void>;
  /** Whether the engine stopped since these tabs started (a wait cut short by it was no timeout). */
  readonly stopped: boolean;
  /** Whether messages can reach the other tabs (a channel, or `storage` events). */
  readonly connected: boolean;
  /** Whether this tab asked the others since it listens, and their answers had time to land. */
  readonly caughtUp: boolean;
  /** The generation whose refresh token this tab's request is spending now, or `null`: told to a tab naming it. */
  spending: HeldSignIn | null;
  /** When (`performance.now()`) another tab last said it spends the refresh token of `held`; `-Infinity`: never. */
  spendingHeardAt(held: Pick<HeldSignIn, 'sid' | 'generation'>): number;
}
