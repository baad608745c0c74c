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
/**
 * How long a tab waits, after writing its lease, before it reads it back and trusts it (Fischer's timed mutex). Each
 * tab reads its own copy of `localStorage` (Chromium keeps one per renderer process), which another tab's
 * write reaches some milliseconds later: a tab that wrote after this one, not having seen this one's lease yet, did
 * so at most one propagation delay later, and its write reaches this tab at most one more later. Waiting longer than
 * twice the propagation delay is what keeps the lease exclusive. Chromium on a loaded two-core machine took up to
 * 59 ms; 30 ms let both tabs in 7 races in 80, 100 ms in none. 250 ms is twice the model's bound (100 ms,
 * `modelLocalStorage.ts`) and more; only browsers without Web Locks wait it, once per refresh. (Lamport's fast mutex
 * waits less, but only because it assumes every tab reads the last write: with stale copies, both tabs pass it.)
 */
const LEASE_SETTLE_MS = 250;
/**
 * A settle whose timer fired this much later than asked ran while the tab was starved of the CPU (a loaded machine):
 * the other tabs' writes that reached its process meanwhile may still wait behind that timer to land in its copy. The
 * tab settles again, up to {@link EXTRA_SETTLES} times, before it trusts its lease.
 */
const LATE_SETTLE_MS = 100;
const EXTRA_SETTLES = 3;
/**
 * How far the wall clock may step back (a time sync) under a live lease: its `until` is then ahead of the clock by
 * the step, more than {@link LEASE_TTL_MS}, until its tab renews it. Honoured still, or another tab would take it at
 * once and send the refresh token beside its holder. A forged lease blocks the tabs this much longer at most.
 */
const CLOCK_STEP_BACK_MS = LEASE_TTL_MS;

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
      this.#write(key);
    }
  }

  async #acquire(key: string): Promise<boolean | 'unwritable'> {
    const { tabId } = this.#holder;
    // No deadline: a live lease is renewed by a tab that is still working (a slow refresh answer); a lease whose tab
    // closed or froze stops being renewed and expires within LEASE_TTL_MS.
    for (;;) {
      const lease = parseLease(readItem(this.#shared, key));
      // A lease that claims to last longer than any tab writes one, under any clock step we tolerate, is not ours to
      // honour (forged or corrupted).
      const now = Date.now();
      const forged = lease !== null && lease.until > now + LEASE_TTL_MS + CLOCK_STEP_BACK_MS;
      if (lease === null || lease.until < now || forged || lease.owner === tabId) {
        if (!this.#write(key)) return 'unwritable';
        const settled = await this.#settle(key);
        if (settled !== 'lost') return settled;
      }
      if (this.#holder.stopped) return false;
      await this.#holder.sleep(40 + Math.floor(Math.random() * 60));
    }
  }

  /** Waits until the lease written may be trusted: `true` if it is still ours, `'lost'` if another tab's. */
  async #settle(key: string): Promise<boolean | 'lost'> {
    for (let extra = 0; ; extra++) {
      const from = performance.now();
      await this.#holder.sleep(LEASE_SETTLE_MS);
      // Cut short (the engine stopped: StrictMode, an unmount): the settle did not run its course, and another
      // tab's lease may not have reached this tab's copy yet. Not ours to trust; the refresh tries again.
      if (this.#holder.stopped) {
        if (this.#owner(key) === this.#holder.tabId) removeItem(this.#shared, key);
        return false;
      }
      // Still ours, and not expired: the machine may have slept while this tab waited.
      if (!this.#holds(key)) return 'lost';
      const took = performance.now() - from;
      if (took < LEASE_SETTLE_MS + LATE_SETTLE_MS) return true;
      // A hidden tab's timers are late too, every one (browsers throttle them, by seconds in some): settled again only
      // while the lease outlasts another settle as late, and renewed once trusted, before its first renewal as late.
      // Else the lease would expire at every try, and that tab would never refresh while hidden.
      if (extra === EXTRA_SETTLES || !this.#holdsFor(key, took + LEASE_SETTLE_MS)) {
        this.#write(key);
        return true;
      }
    }
  }

  /** Writes this tab's lease, for {@link LEASE_TTL_MS} from now; `false` when the storage refused it (full). */
  #write(key: string): boolean {
    return writeItem(
      this.#shared,
      key,
      JSON.stringify({ owner: this.#holder.tabId, until: Date.now() + LEASE_TTL_MS }),
    );
  }

  #holds(key: string): boolean {
    return this.#holdsFor(key, 0);
  }

  /** Whether the lease is ours for more than `ms` yet. */
  #holdsFor(key: string, ms: number): boolean {
    const lease = parseLease(readItem(this.#shared, key));
    return lease?.owner === this.#holder.tabId && lease.until > Date.now() + ms;
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
