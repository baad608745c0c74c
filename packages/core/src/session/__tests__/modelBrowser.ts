/**
 * What the model's browser gives each tab besides its engine: the channel to the other tabs, the origin's Web Locks
 * (released when a tab closes, as the browser does), and `localStorage` as a tab sees it, which tells the world when
 * the tab's refresh is on its way.
 */

import { type MemoryStorage, type StorageLike, storageKeyPrefix } from '../storage.js';
import type { BroadcastChannelLike, LockManagerLike } from '../tabSync.js';
import { boundToPage, currentPage, type ModelPage } from './modelRealm.js';

/** The browser the model's tabs run in, where it lacks something or does it its own way. */
export interface ModelBrowserSetup {
  /** Without it (old browsers), tabs talk through `storage` events. Default: with. */
  readonly withBroadcastChannel?: boolean;
  /** Each page reads a copy of `localStorage` that others' writes reach later (`modelLocalStorage.ts`, Chromium). */
  readonly delayedStorage?: boolean;
  /**
   * With `delayedStorage`, the longest a write takes to reach another page (ms). Default: `STORAGE_PROPAGATION_MS`.
   * Beyond half the lease's settle (`leaseLock.ts`), two tabs may both take the lease.
   */
  readonly storagePropagationMs?: number;
  /** Without it (storage blocked), no tab finds a spent mark or a logout mark: only messages tell. Default: with. */
  readonly withSharedStorage?: boolean;
}

/** The Web Locks of the origin, one queue per lock name. */
export class ModelLocks {
  readonly #queues = new Map<string, Promise<unknown>>();

  /**
   * The Web Locks as one tab uses them: a lock is held until the callback settles, or, once held, until the tab
   * closes (`closed`). A request still waiting when its tab closed goes with the page: never granted, it never settles.
   * `requests` counts the tab's requests not settled yet.
   */
  forTab(closed: Promise<void>, gone: () => boolean, requests: (by: number) => void): LockManagerLike {
    return {
      request: <T>(name: string, callback: () => Promise<T>): Promise<T> => {
        const previous = this.#queues.get(name) ?? Promise.resolve();
        const grant = () => (gone() ? new Promise<T>(() => {}) : callback());
        requests(1);
        const run = previous.then(grant, grant);
        const settled = () => requests(-1);
        void run.then(settled, settled);
        const held = () => Promise.race([run, closed]);
        this.#queues.set(
          name,
          previous.then(held, held).catch(() => undefined),
        );
        return run;
      },
    };
  }
}

/**
 * `local` as a tab sees it: `refreshing` follows the spent marks the tab writes and withdraws, and every change is
 * told to `changed` (which fires the `storage` events of the other pages).
 */
export function sharedStorageOf(
  local: MemoryStorage,
  tab: () => { refreshing: boolean },
  changed: (key: string, oldValue: string | null, newValue: string | null) => void = () => {},
): StorageLike {
  const isSpentMark = (key: string) => key.startsWith(storageKeyPrefix('spent'));
  return {
    getItem: (key) => local.getItem(key),
    setItem: (key, value) => {
      // A page gone for good (`goForGood`) writes nothing any more.
      if (currentPage()?.away?.forGood === true) return;
      // An unanswered mark: the token request is on its way (or about to be). An answered one (the refresh ended),
      // or the previous generation's put back (the request never left): nothing is.
      if (isSpentMark(key))
        tab().refreshing = (JSON.parse(value) as { answered?: unknown }).answered === false;
      const oldValue = local.getItem(key);
      local.setItem(key, value);
      changed(key, oldValue, value);
    },
    removeItem: (key) => {
      if (currentPage()?.away?.forGood === true) return;
      if (isSpentMark(key)) tab().refreshing = false;
      const oldValue = local.getItem(key);
      local.removeItem(key);
      changed(key, oldValue, null);
    },
    get length() {
      return local.length;
    },
    key: (index) => local.key(index),
  };
}

/** What a channel needs of the model's world: the channels open, and the delivery of a message to the others. */
export interface ChannelHub {
  readonly channels: Set<ModelChannel>;
  deliver(from: ModelChannel, data: unknown): void;
}

/** A `BroadcastChannel` of the model: what it posts lands in the other tabs when the world's scheduler says. */
export class ModelChannel implements BroadcastChannelLike {
  /** The last message sent to each receiver, which the next one lands after. */
  readonly lastTo = new WeakMap<ModelChannel, Promise<void>>();
  readonly #listeners = new Set<(event: { readonly data: unknown }) => void>();
  closed = false;
  /** The page that opened it (none: the model's own code). */
  readonly page: ModelPage | undefined = currentPage();
  constructor(
    readonly name: string,
    private readonly world: ChannelHub,
  ) {}
  postMessage(message: unknown): void {
    if (this.closed) throw new Error('channel closed');
    this.world.deliver(this, structuredClone(message));
  }
  /** Each listener with the page that registered it (a message lands in the receiving page). */
  readonly #bound = new Map<
    (event: { readonly data: unknown }) => void,
    (event: { readonly data: unknown }) => void
  >();
  addEventListener(_type: 'message', listener: (event: { readonly data: unknown }) => void): void {
    const bound = boundToPage(listener);
    this.#bound.set(listener, bound);
    this.#listeners.add(bound);
  }
  removeEventListener(_type: 'message', listener: (event: { readonly data: unknown }) => void): void {
    const bound = this.#bound.get(listener);
    if (bound !== undefined) this.#listeners.delete(bound);
    this.#bound.delete(listener);
  }
  /** How many listeners hear what lands (none: the engine is deaf to the other tabs). */
  get listening(): number {
    return this.#listeners.size;
  }
  receive(data: unknown): void {
    if (!this.closed) for (const listener of this.#listeners) listener({ data });
  }
  close(): void {
    this.closed = true;
    this.world.channels.delete(this);
  }
}
