/**
 * The `storage` events of the model's browser. A change a page makes to `localStorage` fires an event in every other
 * open page, as a task: when the scheduler says, in order between two pages. Pages listen on the global object, which
 * the model stubs (Node has no `addEventListener` there): each listener runs in the page that added it.
 */

import { vi } from 'vitest';
import { boundToPage, currentPage, type ModelPage, whenBack } from './modelRealm.js';

/** What the engine reads of a `StorageEvent`. */
export interface ModelStorageEvent {
  readonly key: string | null;
  readonly oldValue: string | null;
  readonly newValue: string | null;
}

type StorageListener = (event: ModelStorageEvent) => void;

/** Hands `land` to the scheduler (landed within `withinMs` if given), after `previous` landed; resolves once it has. */
export type InOrder = (
  previous: Promise<void> | undefined,
  land: () => void,
  withinMs?: number,
) => Promise<void>;

export class ModelStorageEvents {
  /** Per page id, each listener added and the same bound to its page. */
  readonly #listeners = new Map<number, Map<StorageListener, StorageListener>>();
  /** The last event from one page to another (`from:to`), which the next one lands after. */
  readonly #lastTo = new Map<string, Promise<void>>();

  constructor(
    private readonly inOrder: InOrder,
    /** The ids of the pages open now. */
    private readonly openPages: () => number[],
    /** The longest an event takes to land, if bounded (`modelLocalStorage.ts`). */
    private readonly withinMs?: number,
    /** The page of each id. */
    private readonly pageOf: (id: number) => ModelPage | undefined = () => undefined,
  ) {}

  /** Stubs the global `addEventListener` and `removeEventListener` (for `storage` events; others never fire). */
  install(): void {
    vi.stubGlobal('addEventListener', (type: string, listener: StorageListener) => {
      const page = currentPage();
      if (type !== 'storage' || page === undefined) return;
      const ofPage = this.#listeners.get(page.id) ?? new Map<StorageListener, StorageListener>();
      ofPage.set(listener, boundToPage(listener));
      this.#listeners.set(page.id, ofPage);
    });
    vi.stubGlobal('removeEventListener', (type: string, listener: StorageListener) => {
      const page = currentPage();
      if (type === 'storage' && page !== undefined) this.#listeners.get(page.id)?.delete(listener);
    });
  }

  /**
   * Page `from` set `key` from `oldValue` to `newValue` (`null`: removed): the other open pages hear it. `reach`
   * brings the value into a page's own copy of the storage as the event lands there (`modelLocalStorage.ts`).
   */
  changed(
    from: number,
    key: string,
    oldValue: string | null,
    newValue: string | null,
    reach: (to: number) => void = () => {},
  ): void {
    if (oldValue === newValue) return;
    const event: ModelStorageEvent = { key, oldValue, newValue };
    for (const to of this.openPages()) {
      if (to === from) continue;
      const route = `${from}:${to}`;
      const landed = this.inOrder(
        this.#lastTo.get(route),
        () => {
          reach(to);
          const page = this.pageOf(to);
          // Assumed (harsher than the HTML standard, which queues the task for when the page is back): a page in the
          // back-forward cache as the event lands never hears it, and reads storage again once back; its process's
          // copy of the storage gets the change all the same. A frozen page hears it once back.
          if (page?.away?.dropsNews === true || !this.openPages().includes(to)) return;
          whenBack(page, () => {
            for (const listener of [...(this.#listeners.get(to)?.values() ?? [])]) listener(event);
          });
        },
        this.withinMs,
      );
      this.#lastTo.set(route, landed);
    }
  }
}
