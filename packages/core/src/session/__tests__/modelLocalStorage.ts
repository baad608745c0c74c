/**
 * `localStorage` as the pages of a Chromium browser see it. Chromium keeps a copy of the origin's storage in each
 * renderer process: a page reads its own copy, a write lands there at once and reaches the browser process, which
 * passes it on to the other renderers (with its `storage` event) some milliseconds later, tens under load. Until then
 * another tab reads the value from before: a lease it does not see, a spent mark not there yet.
 *
 * `delayed`: each page gets a view of its own, and a write reaches the others when the scheduler says, in order per
 * writer and within {@link STORAGE_PROPAGATION_MS}. The browser's store orders the writes: every view ends up with
 * the last write of each key in that order (Chromium's renderer keeps its own write of a key over an earlier one it
 * hears of). Not `delayed`: one store that every page reads at once, as the model always had.
 */

import { MemoryStorage, type StorageLike } from '../storage.js';
import { sharedStorageOf } from './modelBrowser.js';
import type { ModelDeliveries } from './modelDeliveries.js';
import type { ModelPage } from './modelRealm.js';
import { ModelStorageEvents } from './modelStorageEvents.js';

/**
 * The longest a write takes to reach another page in the model (ms). In Chromium, between two tabs on a loaded
 * two-core machine: 3.5 ms (median), up to 59 ms; a lease that trusted its write after 30 ms was taken by both tabs in
 * 7 of 80 races. `LEASE_SETTLE_MS` (`leaseLock.ts`) must exceed twice this.
 */
export const STORAGE_PROPAGATION_MS = 100;

interface PageView {
  readonly storage: MemoryStorage;
  /** For each key, the place in the browser's order of the write this view holds. */
  readonly order: Map<string, number>;
}

export class ModelLocalStorage {
  readonly #views = new Map<number, PageView>();
  readonly #order = new Map<string, number>();
  #writes = 0;

  /** Fires the `storage` events of each change in the other open pages (which land the change in their copies). */
  readonly events: ModelStorageEvents;

  constructor(
    /** What every page ends up seeing (the browser process's store). */
    readonly browser: MemoryStorage,
    readonly delayed: boolean,
    deliveries: Pick<ModelDeliveries, 'inOrder'>,
    /** The tabs, each `open` or not, whose page ids are their places in the list. */
    private readonly tabs: () => readonly { readonly open: boolean; readonly page: ModelPage }[],
    /** The longest a write takes to reach another page, when `delayed`. */
    propagationMs = STORAGE_PROPAGATION_MS,
  ) {
    this.events = new ModelStorageEvents(
      (previous, land, withinMs) => deliveries.inOrder(previous, land, withinMs),
      () => this.tabs().flatMap((tab, id) => (tab.open ? [id] : [])),
      delayed ? propagationMs : undefined,
      (id) => this.tabs()[id]?.page,
    );
  }

  /** The storage page `id` reads and writes. A page that opens loads the browser's store as it is then. */
  viewOf(id: number): MemoryStorage {
    if (!this.delayed) return this.browser;
    const storage = new MemoryStorage();
    for (let index = 0; index < this.browser.length; index += 1) {
      const key = this.browser.key(index);
      if (key !== null) storage.setItem(key, this.browser.getItem(key) ?? '');
    }
    this.#views.set(id, { storage, order: new Map(this.#order) });
    return storage;
  }

  /** `localStorage` as page `id` sees it (`sharedStorageOf`): its changes fire `storage` events in the other pages. */
  sharedFor(id: number, tab: () => { refreshing: boolean }): StorageLike {
    return sharedStorageOf(this.viewOf(id), tab, (key, oldValue, newValue) => {
      if (oldValue !== newValue)
        this.events.changed(id, key, oldValue, newValue, this.wrote(id, key, newValue));
    });
  }

  /**
   * Page `from` changed `key` to `value` (`null`: removed) in its view. Returns what lands it in the view of page `to`,
   * when its `storage` event does.
   */
  wrote(from: number, key: string, value: string | null): (to: number) => void {
    if (!this.delayed) return () => {};
    this.#writes += 1;
    const order = this.#writes;
    setOrRemove(this.browser, key, value);
    this.#order.set(key, order);
    this.#views.get(from)?.order.set(key, order);
    const reach = (to: number) => {
      const view = this.#views.get(to);
      // A later write (its own, or another page's that came first) is what the browser's store ends with too.
      if (view === undefined || (view.order.get(key) ?? 0) > order) return;
      setOrRemove(view.storage, key, value);
      view.order.set(key, order);
    };
    // The model runs the code of a closed tab on (as if it closed a little later): it reads the browser's store at
    // once, as everywhere else in the model, not a copy that nothing reaches any more.
    for (const id of this.#views.keys()) if (id !== from && this.tabs()[id]?.open === false) reach(id);
    return reach;
  }
}

function setOrRemove(storage: MemoryStorage, key: string, value: string | null): void {
  if (value === null) storage.removeItem(key);
  else storage.setItem(key, value);
}
