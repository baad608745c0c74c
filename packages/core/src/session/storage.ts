/**
 * The storage schema of the session engine: one prefix, one version, and the `Storage` adapters the engine reads
 * and writes through. Each record's parser lives beside its type (`sessionStore.ts`, `pendingLogin.ts`,
 * `tabSync.ts`); the key names are all built here so that they cannot get out of step.
 */

/** Bump when a stored record changes shape: records written under another version are never read. */
export const STORAGE_VERSION = 1;

/** What the engine stores, each under its own key. */
export type StorageRecordKind = 'session' | 'pending' | 'spent' | 'lease' | 'message' | 'logout';

/**
 * The key of one stored record: `fief-spa:v1:<kind>:<id>` (`id` is the client ID, a lock name or a login `state`).
 * `logout:<clientId>` (in `localStorage`) holds when the user last signed out: `{ v, at }`.
 *
 * @example
 * ```ts
 * storageKey('session', 'my-client-id'); // 'fief-spa:v1:session:my-client-id'
 * ```
 */
export function storageKey(kind: StorageRecordKind, id: string): string {
  return `${storageKeyPrefix(kind)}${id}`;
}

/** The prefix shared by every key of one kind (to list pending logins). */
export function storageKeyPrefix(kind: StorageRecordKind): string {
  return `fief-spa:v${STORAGE_VERSION}:${kind}:`;
}

/** The part of the Web Storage API the engine uses; a `Storage` (`sessionStorage`, `localStorage`) is one. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  /** Optional, to list keys (pruning stale pending logins). */
  readonly length?: number;
  key?(index: number): string | null;
}

/** Where the session is kept: `sessionStorage` (default), `localStorage`, memory only, or a `Storage` of yours. */
export type StorageOption = 'session' | 'local' | 'memory' | StorageLike;

/**
 * A `Storage` kept in memory: nothing survives a reload. Used for the `'memory'` option, on the server, and where
 * the browser refuses Web Storage (some privacy modes throw on access).
 */
export class MemoryStorage implements StorageLike {
  readonly #items = new Map<string, string>();

  get length(): number {
    return this.#items.size;
  }

  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }

  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.#items.set(key, String(value));
  }

  removeItem(key: string): void {
    this.#items.delete(key);
  }

  clear(): void {
    this.#items.clear();
  }
}

/**
 * The browser's `sessionStorage` or `localStorage`, or `null` where there is none (server, worker) or where
 * reaching it throws (storage disabled: a `SecurityError`).
 *
 * Nothing is written to find out: a write to `localStorage` is a `storage` event in every other tab, and costs the
 * first render a few milliseconds. A storage that refuses writes (full, or Safari ≤ 10's private mode) is read
 * as usual; each write through {@link writeItem} says whether it was kept.
 */
export function browserStorage(kind: 'session' | 'local'): StorageLike | null {
  try {
    return (kind === 'session' ? globalThis.sessionStorage : globalThis.localStorage) ?? null;
  } catch {
    return null;
  }
}

/**
 * Turns the `storage` option into a `StorageLike`; falls back to memory where the browser storage is missing. Any name
 * but `'memory'` and `'local'` is the default, `sessionStorage`; `'localStorage'` (the browser's name, what a
 * JavaScript app may well write: TypeScript refuses it) is `'local'`. Used as a `Storage`, a name kept no session.
 */
export function resolveStorage(option: StorageOption | undefined): StorageLike {
  if (option === 'memory') return new MemoryStorage();
  if (typeof option === 'object') return option;
  const local = option === 'local' || (option as string) === 'localStorage';
  return browserStorage(local ? 'local' : 'session') ?? new MemoryStorage();
}

/** `getItem` that never throws (a storage that throws reads as empty). */
export function readItem(storage: StorageLike, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

/** `setItem` that never throws; `false` when the value could not be written (quota, disabled storage). */
export function writeItem(storage: StorageLike, key: string, value: string): boolean {
  try {
    storage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

/** `removeItem` that never throws. */
export function removeItem(storage: StorageLike, key: string): void {
  try {
    storage.removeItem(key);
  } catch {
    // Nothing to do: a storage that cannot be written holds nothing of ours.
  }
}
