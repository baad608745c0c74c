/**
 * The lock of browsers without Web Locks (`navigator.locks`): a lease in storage shared by the tabs
 * (`localStorage`). Part of the chunk loaded on demand (`sessionFlows.ts`): browsers with Web Locks never download it.
 */

import { parseJSONObject } from '../protocol/json.js';
import { readItem, removeItem, type StorageLike, writeItem } from './storage.js';

/** A lease older than this is abandoned (its tab closed while refreshing). */
const LEASE_TTL_MS = 10_000;
/** How often the holder renews its lease while its task runs. */
const LEASE_RENEW_MS = LEASE_TTL_MS / 4;
/** How long a tab waits, after writing its lease, before it trusts that no other tab overwrote it. */
const LEASE_SETTLE_MS = 30;

/** Who asks for the lease: its identity, and its tab's cancellable waits. */
export interface LeaseHolder {
  readonly tabId: string;
  /** Waits `ms`, or less when the tab stops. */
  sleep(ms: number): Promise<void>;
  /** Whether the tab stopped (then it gives up waiting). */
  readonly stopped: boolean;
}

/**
 * An exclusive lock over a lease in `shared`: write ours, wait, read it back; someone else's live lease means wait
 * and retry.
 *
 * @example
 * ```ts
 * await new LeaseLock(localStorage, holder).request('fief-spa:v1:lease:my-client', async () => refresh());
 * ```
 */
export class LeaseLock {
  readonly #shared: StorageLike;
  readonly #holder: LeaseHolder;

  constructor(shared: StorageLike, holder: LeaseHolder) {
    this.#shared = shared;
    this.#holder = holder;
  }

  /** Runs `task` holding the lease; `held()` tells whether the lease is still ours and unexpired. */
  async request<T>(name: string, task: (held: () => boolean) => Promise<T>): Promise<T> {
    const acquired = await this.#acquire(name);
    // A storage that refuses the lease (full) cannot share one: as without shared storage, this tab's order only.
    if (acquired === 'unwritable') return task(() => true);
    const held = { done: false };
    // A refresh answer may take longer than the lease: renew it while the task runs, so that no other tab takes the
    // lease and sends the refresh token this one is spending.
    if (acquired) void this.#renew(name, held);
    try {
      return await task(() => acquired && this.#holds(name));
    } finally {
      held.done = true;
      if (acquired && this.#owner(name) === this.#holder.tabId) removeItem(this.#shared, name);
    }
  }

  async #renew(key: string, held: { done: boolean }): Promise<void> {
    const { tabId } = this.#holder;
    // Until the task ends, even when the engine stops meanwhile (StrictMode, an unmount): the refresh token is still
    // being spent. A tab that closes stops renewing with it, and its lease expires.
    while (!held.done) {
      await this.#holder.sleep(LEASE_RENEW_MS);
      if (held.done || this.#owner(key) !== tabId) return;
      writeItem(this.#shared, key, JSON.stringify({ owner: tabId, until: Date.now() + LEASE_TTL_MS }));
    }
  }

  async #acquire(key: string): Promise<boolean | 'unwritable'> {
    const { tabId } = this.#holder;
    // No deadline: a live lease is renewed by a tab that is still working (a slow refresh answer); a lease whose tab
    // closed or froze stops being renewed and expires within LEASE_TTL_MS.
    for (;;) {
      const lease = parseLease(readItem(this.#shared, key));
      // A lease that claims to last longer than any tab writes one is not ours to honour (forged or corrupted).
      const now = Date.now();
      if (lease === null || lease.until < now || lease.until > now + LEASE_TTL_MS || lease.owner === tabId) {
        if (!writeItem(this.#shared, key, JSON.stringify({ owner: tabId, until: Date.now() + LEASE_TTL_MS })))
          return 'unwritable';
        await this.#holder.sleep(LEASE_SETTLE_MS);
        // Still ours, and not expired: the machine may have slept while this tab waited.
        if (this.#holds(key)) return true;
      }
      if (this.#holder.stopped) return false;
      await this.#holder.sleep(40 + Math.floor(Math.random() * 60));
    }
  }

  #holds(key: string): boolean {
    const lease = parseLease(readItem(this.#shared, key));
    return lease?.owner === this.#holder.tabId && lease.until > Date.now();
  }

  #owner(key: string): string | undefined {
    return parseLease(readItem(this.#shared, key))?.owner;
  }
}

function parseLease(raw: string | null): { owner: string; until: number } | null {
  const value = raw === null ? undefined : parseJSONObject(raw);
  if (value === undefined) return null;
  const { owner, until } = value;
  return typeof owner === 'string' && typeof until === 'number' ? { owner, until } : null;
}
