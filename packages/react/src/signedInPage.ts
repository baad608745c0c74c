/**
 * Whether a guard of this page showed an engine's signed-in user, and the page came back from the back-forward cache
 * since. An app may unmount its guarded routes while the page leaves for Fief's logout (a "Signing out…" screen):
 * restored with Back, it mounts them again, without a session. Such a guard must say the session ended, as the one
 * left mounted does: a login started then would send Back to Fief again (the Back-button loop).
 */
import type { FiefAuth } from '@fief-spa/core';
import { onPageRestored } from './pageRestored.js';

/** Engines whose signed-in user a guard of this page showed. */
const shown = new WeakSet<FiefAuth>();
/** Of those, the engines whose page came back from the back-forward cache since. */
const restoredSince = new WeakSet<FiefAuth>();

/**
 * Records that a guard showed `auth`'s signed-in user in this page (once per engine: one listener for the page's
 * life).
 *
 * @example
 * ```ts
 * if (status === 'authenticated') showedSignedIn(auth);
 * ```
 */
export function showedSignedIn(auth: FiefAuth): void {
  if (shown.has(auth)) return;
  shown.add(auth);
  onPageRestored(() => restoredSince.add(auth));
}

/**
 * Whether this page, which showed `auth`'s signed-in user behind a guard, came back from the back-forward cache since.
 *
 * @example
 * ```ts
 * const [hadSession] = useState(() => restoredAfterSignedIn(auth));
 * ```
 */
export function restoredAfterSignedIn(auth: FiefAuth): boolean {
  return restoredSince.has(auth);
}
