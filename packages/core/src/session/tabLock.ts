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
 * How the lock is held: `held()` says whether this tab still holds it (a lease in storage expires when the machine
 * sleeps in the middle of the task; a Web Lock does not). `releasedWithTab`: a tab holds it until its task ends or
 * the tab goes away, whatever its timers do (a Web Lock); so a tab that got it knows no other tab is inside its task.
 */
export interface HeldLock {
  held(): boolean;
  readonly releasedWithTab: boolean;
}

/**
 * Runs `task` while holding the origin-wide lock of the link's client (see {@link HeldLock}).
 *
 * @example
 * ```ts
 * const session = await withTabLock(tabs, async ({ held }) => refreshOnce(held));
 * ```
 */
export function withTabLock<T>(tabs: TabLock, task: (lock: HeldLock) => Promise<T>): Promise<T> {
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

function withSharedLock<T>(tabs: TabLock, task: (lock: HeldLock) => Promise<T>): Promise<T> {
  const locks = tabs.locks === undefined ? defaultLocks() : tabs.locks;
  const lockName = storageKey('lease', tabs.name);
  const held = () => true;
  if (locks !== null) return locks.request(lockName, () => task({ held, releasedWithTab: true }));
  if (tabs.shared === null) return task({ held, releasedWithTab: false });
  return new LeaseLock(tabs.shared, tabs).request(lockName, (held) => task({ held, releasedWithTab: false }));
}

function defaultLocks(): LockManagerLike | null {
  const locks = (globalThis.navigator as { locks?: unknown } | undefined)?.locks;
  return typeof locks === 'object' &&
    locks !== null &&
    typeof (locks as LockManagerLike).request === 'function'
    ? (locks as LockManagerLike)
    : null;
}
