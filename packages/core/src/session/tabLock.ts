/**
 * The lock that lets one tab of the origin at a time refresh: a Web Lock, else a lease in `localStorage`
 * (`leaseLock.ts`), else only this tab's own ordering. Part of the chunk loaded on demand (`sessionFlows.ts`): only a
 * refresh takes the lock, and a signed-in reload needs none before the token is due.
 */

import { LeaseLock } from './leaseLock.js';
import { storageKey } from './storage.js';
import type { LockManagerLike, TabLock } from './tabTypes.js';

/** Callers of this tab waiting for the lock, one chain per tab link: they queue here before competing with tabs. */
const localQueues = new WeakMap<TabLock, Promise<unknown>>();

/**
 * Runs `task` while holding the origin-wide lock of the link's client. `held()`: whether this tab still holds it (a
 * lease in storage expires when the machine sleeps in the middle of the task; a Web Lock does not).
 *
 * @example
 * ```ts
 * const session = await withTabLock(tabs, async (held) => refreshOnce(held));
 * ```
 */
export function withTabLock<T>(tabs: TabLock, task: (held: () => boolean) => Promise<T>): Promise<T> {
  const run = (localQueues.get(tabs) ?? Promise.resolve()).then(() => withSharedLock(tabs, task));
  localQueues.set(
    tabs,
    run.then(
      () => undefined,
      () => undefined,
    ),
  );
  return run;
}

function withSharedLock<T>(tabs: TabLock, task: (held: () => boolean) => Promise<T>): Promise<T> {
  const locks = tabs.locks === undefined ? defaultLocks() : tabs.locks;
  const lockName = storageKey('lease', tabs.name);
  const always = () => true;
  if (locks !== null) return locks.request(lockName, () => task(always));
  if (tabs.shared === null) return task(always);
  return new LeaseLock(tabs.shared, tabs).request(lockName, task);
}

function defaultLocks(): LockManagerLike | null {
  const locks = (globalThis.navigator as { locks?: unknown } | undefined)?.locks;
  return typeof locks === 'object' &&
    locks !== null &&
    typeof (locks as LockManagerLike).request === 'function'
    ? (locks as LockManagerLike)
    : null;
}
