/**
 * Listing the records of one kind in a storage. Only a login start needs it (it prunes the pending logins), in the
 * session chunk loaded on demand: apart from `storage.ts`, which the entry chunk needs, so that it stays out of it.
 */

import type { StorageLike } from './storage.js';

/** Keys of `storage` that start with `prefix` (empty when the storage cannot list its keys). */
export function keysWithPrefix(storage: StorageLike, prefix: string): string[] {
  const keys: string[] = [];
  try {
    const length = storage.length;
    if (typeof length !== 'number' || typeof storage.key !== 'function') return keys;
    for (let index = 0; index < length; index += 1) {
      const key = storage.key(index);
      if (key?.startsWith(prefix)) keys.push(key);
    }
  } catch {
    // A storage that cannot be listed: nothing to prune.
  }
  return keys;
}
