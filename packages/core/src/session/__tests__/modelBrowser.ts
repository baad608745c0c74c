/**
 * What the model's browser gives each tab besides its engine: the origin's Web Locks, released when a tab closes as
 * the browser does, and `localStorage` as a tab sees it, which tells the world when the tab's refresh is on its way.
 */

import { type MemoryStorage, type StorageLike, storageKeyPrefix } from '../storage.js';
import type { LockManagerLike } from '../tabSync.js';

/** The Web Locks of the origin, one queue per lock name. */
export class ModelLocks {
  readonly #queues = new Map<string, Promise<unknown>>();

  /**
   * The Web Locks as one tab uses them: a lock is held until the callback settles, or, once held, until the tab
   * closes (`closed`). A request still waiting when its tab closed goes with the page: never granted, it never settles.
   */
  forTab(closed: Promise<void>, gone: () => boolean): LockManagerLike {
    return {
      request: <T>(name: string, callback: () => Promise<T>): Promise<T> => {
        const previous = this.#queues.get(name) ?? Promise.resolve();
        const grant = () => (gone() ? new Promise<T>(() => {}) : callback());
        const run = previous.then(grant, grant);
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

/** `local` as a tab sees it: `refreshing` follows the spent marks the tab writes and withdraws. */
export function sharedStorageOf(local: MemoryStorage, tab: () => { refreshing: boolean }): StorageLike {
  const isSpentMark = (key: string) => key.startsWith(storageKeyPrefix('spent'));
  return {
    getItem: (key) => local.getItem(key),
    setItem: (key, value) => {
      // An unanswered mark: the token request is on its way (or about to be). An answered one (the refresh ended),
      // or the previous generation's put back (the request never left): nothing is.
      if (isSpentMark(key))
        tab().refreshing = (JSON.parse(value) as { answered?: unknown }).answered === false;
      local.setItem(key, value);
    },
    removeItem: (key) => {
      if (isSpentMark(key)) tab().refreshing = false;
      local.removeItem(key);
    },
    get length() {
      return local.length;
    },
    key: (index) => local.key(index),
  };
}
