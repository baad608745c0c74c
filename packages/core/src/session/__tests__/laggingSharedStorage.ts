/**
 * `localStorage` as Chromium keeps it, for node tests under fake timers: a copy per tab, each write of another tab
 * landing `delayMs` later, in one global order (a copy keeps a later write over an earlier one it hears of).
 */

import type { StorageLike } from '../storage.js';

export class LaggingSharedStorage {
  #seq = 0;
  readonly #views: { items: Map<string, { v: string | null; seq: number }>; delayMs: number }[] = [];
  constructor(
    readonly delayMs: number,
    /** Keys the storage refuses to write (a full storage), as `localStorage` does: with a `QuotaExceededError`. */
    readonly refuse: (key: string) => boolean = () => false,
  ) {}

  /**
   * A tab's copy, where the other tabs' writes land `delayMs` late (a tab starved of the CPU takes longer to land
   * them).
   */
  view(delayMs = this.delayMs): StorageLike {
    const me = { items: new Map<string, { v: string | null; seq: number }>(), delayMs };
    this.#views.push(me);
    const write = (key: string, v: string | null) => {
      if (v !== null && this.refuse(key))
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      const seq = ++this.#seq;
      me.items.set(key, { v, seq });
      for (const other of this.#views) {
        if (other === me) continue;
        setTimeout(() => {
          if ((other.items.get(key)?.seq ?? 0) < seq) other.items.set(key, { v, seq });
        }, other.delayMs);
      }
    };
    return {
      getItem: (key) => me.items.get(key)?.v ?? null,
      setItem: (key, value) => write(key, value),
      removeItem: (key) => write(key, null),
    };
  }
}
