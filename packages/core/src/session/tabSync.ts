/**
 * Talking to the other tabs of the origin: a `BroadcastChannel` to carry sign-in, refresh and sign-out (where it is
 * missing, `storage` events stand in), and what names the lock that lets one tab at a time refresh (the lock itself,
 * `tabLock.ts`, is loaded on demand with the refresh). Every message received is untrusted input: it is parsed,
 * never trusted for its shape.
 */

import { randomId } from '../protocol/crypto.js';
import { closedWhileCached } from './cachedPageChannel.js';
import { removeItem, type StorageLike, storageKey, writeItem } from './storage.js';
import { isSameSpend, PROTOCOL, parseTabMessage } from './tabMessageParse.js';
import type {
  BroadcastChannelLike,
  EngineMessage,
  HeldSignIn,
  LockManagerLike,
  TabLock,
  TabMessage,
  TabSyncOptions,
} from './tabTypes.js';

export { parseTabMessage } from './tabMessageParse.js';
export type {
  BroadcastChannelLike,
  EngineMessage,
  LockManagerLike,
  TabMessage,
  TabSyncOptions,
} from './tabTypes.js';

/** Long enough for a message to reach the other tabs, which take milliseconds. */
export const NEWS_LANDED_MS = 500;
/** Generations whose `spending` a tab remembers (tabs spend one at a time; others are stale pages or noise). */
const SPENDS_REMEMBERED = 8;

/**
 * The link of one engine with the other tabs: a channel (or `storage` events), and the names of its lock.
 * Nothing is opened before {@link TabSync.start}; {@link TabSync.stop} closes everything.
 */
export class TabSync implements TabLock {
  /** Identifies this engine in messages and leases. */
  readonly tabId: string;
  /** Names the channel, the lock and the fallback keys (one per client). */
  readonly name: string;
  /** Web Locks to use (`undefined`: the browser's; `null`: none). */
  readonly locks: LockManagerLike | null | undefined;
  /** Storage shared by the tabs of the origin for the fallbacks, or `null`. */
  readonly shared: StorageLike | null;
  readonly #options: TabSyncOptions;
  #channel: BroadcastChannelLike | null = null;
  #onChannelMessage: ((event: { readonly data: unknown }) => void) | null = null;
  #onStorage: ((event: StorageEvent) => void) | null = null;
  #sleeps = new Set<{ timer: ReturnType<typeof setTimeout>; resolve: () => void }>();
  #started = false;
  #stopped = false;
  /** When (`performance.now()`) this tab first asked the others since it listens; `null`: not yet. */
  #askedAt: number | null = null;
  /** When (`performance.now()`) this tab last adopted a sign-in it did not hold from a message. */
  #adoptedAt = Number.NEGATIVE_INFINITY;
  spending: HeldSignIn | null = null;
  /**
   * When (`performance.now()`) another tab last said it spends each generation (`sid` and generation), the latest few:
   * one generation's `spending` (an older page of another sign-in) does not hide another's.
   */
  readonly #spendingHeard = new Map<string, number>();

  /**
   * @param name - Names the channel, the lock and the fallback keys (one per client).
   * @param shared - Storage shared by the tabs of the origin (`localStorage`) for the fallbacks, or `null`.
   * @param tabId - Identifies this tab in messages and leases (random by default).
   */
  constructor(name: string, options: TabSyncOptions, shared: StorageLike | null, tabId: string = randomId()) {
    this.name = name;
    this.#options = options;
    this.locks = options.locks;
    this.shared = shared;
    this.tabId = tabId;
  }

  /** Whether {@link stop} was called since the last {@link start} (a wait for a lease gives up then). */
  get stopped(): boolean {
    return this.#stopped;
  }

  /**
   * Whether messages can reach other tabs: started, through its channel or `storage` events; not started (a disposed
   * engine), through a channel opened for each message, or the fallback key.
   */
  get connected(): boolean {
    if (this.#started) return this.#channel !== null || this.#onStorage !== null;
    return (
      this.#options.channel !== undefined || typeof BroadcastChannel === 'function' || this.shared !== null
    );
  }

  /**
   * Whether this tab heard everything the other tabs hold: it asked them since it started listening, long enough
   * ago for their answers to have landed ({@link NEWS_LANDED_MS}), and has listened since. A tab that just started
   * may have missed another tab's refresh (its provider was unmounted): until then, it asks before it spends.
   */
  get caughtUp(): boolean {
    // The time the page ran (monotonic), not the wall clock: a clock set forward says nothing of messages landed.
    const since = Math.max(this.#askedAt ?? Number.POSITIVE_INFINITY, this.#adoptedAt);
    return performance.now() - since >= NEWS_LANDED_MS;
  }

  /**
   * This tab adopted a copy of a sign-in it did not hold: a tab that knows that sign-in ended tells so once the copy
   * lands (`endedSignIns.ts`). Not {@link caughtUp} until that news had time to land.
   */
  adoptedSignIn(): void {
    this.#adoptedAt = performance.now();
  }

  /**
   * This tab may have missed messages while its channel stayed open (back from the back-forward cache, woken from
   * sleep): not {@link caughtUp} until its next question has had time to be answered.
   */
  behind(): void {
    this.#askedAt = null;
  }

  /** When (`performance.now()`) another tab last said it spends the refresh token of `held`; never: `-Infinity`. */
  spendingHeardAt(held: Pick<HeldSignIn, 'sid' | 'generation'>): number {
    return this.#spendingHeard.get(spendKey(held)) ?? Number.NEGATIVE_INFINITY;
  }

  /** Opens the channel (or listens to `storage` events) and hands every valid message to `onMessage`. */
  start(onMessage: (message: EngineMessage) => void): void {
    if (this.#started) return;
    this.#started = true;
    this.#stopped = false;
    const receive = (data: unknown): void => {
      const parsed = parseTabMessage(data);
      if (parsed === null || parsed.from === this.tabId) return;
      const { message } = parsed;
      if (message.kind === 'spending') {
        const key = spendKey(message.spends);
        this.#spendingHeard.delete(key);
        this.#spendingHeard.set(key, performance.now());
        // Oldest first: a tab waits on the one it asked about a moment ago.
        for (const old of this.#spendingHeard.keys()) {
          if (this.#spendingHeard.size <= SPENDS_REMEMBERED) break;
          this.#spendingHeard.delete(old);
        }
        return;
      }
      const spends = this.spending;
      if (message.kind === 'query' && spends !== null && isSameSpend(message.holds, spends))
        this.post({ kind: 'spending', spends });
      onMessage(message);
    };
    this.#channel = this.#openChannel(true);
    if (this.#channel !== null) {
      this.#onChannelMessage = (event) => receive(event.data);
      this.#channel.addEventListener('message', this.#onChannelMessage);
      return;
    }
    const target = globalThis as { addEventListener?: typeof addEventListener };
    if (this.shared !== null && typeof target.addEventListener === 'function') {
      const key = storageKey('message', this.name);
      this.#onStorage = (event) => {
        if (event.key === key && event.newValue !== null) receive(event.newValue);
      };
      target.addEventListener('storage', this.#onStorage);
    }
  }

  /**
   * Sends `message` to every other tab (nothing happens when there is no channel). Not started (a disposed engine
   * asked for a token, or to sign out), it sends through a channel opened for this message alone: such news (a
   * refresh token spent, a sign-out) concerns every tab, whether this one listens or not.
   */
  post(message: TabMessage): void {
    if (message.kind === 'query' && this.#started) this.#askedAt ??= performance.now();
    const data = JSON.stringify({ p: PROTOCOL, from: this.tabId, ...message });
    const channel = this.#channel ?? (this.#started ? null : this.#openChannel(false));
    if (channel !== null) {
      try {
        channel.postMessage(data);
        // Posted, the message is on its way: closing the channel opened for it does not withdraw it.
        if (channel !== this.#channel) channel.close();
      } catch {
        // A closed channel: the other tabs will learn from the next message or from their own timers.
      }
    } else if ((this.#onStorage !== null || !this.#started) && this.shared !== null) {
      // A `storage` event fires in the other tabs on every change; remove the value at once.
      const key = storageKey('message', this.name);
      writeItem(this.shared, key, data);
      removeItem(this.shared, key);
    }
  }

  /**
   * Whether the channel keeps a Node process alive (Node's `BroadcastChannel` has `ref`/`unref`; a browser's has
   * neither): not while the engine is stopped and only answers the tabs.
   */
  keepAlive(alive: boolean): void {
    const channel = this.#channel as { ref?: () => void; unref?: () => void } | null;
    if (alive) channel?.ref?.();
    else channel?.unref?.();
  }

  /** Waits `ms`, unless {@link stop} is called first (then resolves at once). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.#sleeps.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.#sleeps.add(entry);
    });
  }

  /** Closes the channel, removes the `storage` listener and cancels pending waits. */
  stop(): void {
    this.#started = false;
    this.#stopped = true;
    this.#askedAt = null;
    if (this.#channel !== null) {
      if (this.#onChannelMessage !== null)
        this.#channel.removeEventListener('message', this.#onChannelMessage);
      try {
        this.#channel.close();
      } catch {
        // Already closed.
      }
    }
    this.#channel = null;
    this.#onChannelMessage = null;
    if (this.#onStorage !== null) {
      const target = globalThis as { removeEventListener?: typeof removeEventListener };
      target.removeEventListener?.('storage', this.#onStorage);
      this.#onStorage = null;
    }
    for (const entry of this.#sleeps) {
      clearTimeout(entry.timer);
      entry.resolve();
    }
    this.#sleeps.clear();
  }

  /** Opens the channel; `kept` (the engine's, not one for a single message): closed while the page is cached. */
  #openChannel(kept: boolean): BroadcastChannelLike | null {
    const channelName = `fief-spa/1:${this.name}`;
    const open = (): BroadcastChannelLike | null => {
      try {
        if (this.#options.channel !== undefined) return this.#options.channel(channelName);
        if (typeof BroadcastChannel !== 'function') return null;
        return new BroadcastChannel(channelName) as unknown as BroadcastChannelLike;
      } catch {
        return null;
      }
    };
    return kept ? closedWhileCached(open) : open();
  }
}

/** Names one generation of one sign-in, for {@link TabSync.spendingHeardAt}. */
function spendKey(held: Pick<HeldSignIn, 'sid' | 'generation'>): string {
  return `${held.generation}:${held.sid}`;
}
