/**
 * Whether a guard of this page showed an engine's signed-in user, and the page came back from the back-forward cache
 * since, without that session. An app may unmount its guarded routes while the page leaves for Fief's logout (a
 * "Signing out…" screen): restored with Back, it mounts them again, without a session. Such a guard must say the
 * session ended, as the one left mounted does: a login started then would send Back to Fief again (the Back-button
 * loop).
 *
 * Only the guards mounted again by the restore, though: at the address the page came back at, and before any other
 * guard of that engine mounted since (the first ones to mount use the restore up). A guarded link followed later, or a
 * user signed in again since, logs in as before; otherwise an app whose `signedOut` offers no sign-in (the default
 * is `fallback`) would leave the user with no way to sign in but a reload.
 */
import type { FiefAuth } from '@fief-spa/core';
import { onPageRestored } from './pageRestored.js';

/** Engines whose signed-in user a guard of this page showed. */
const shown = new WeakSet<FiefAuth>();
/**
 * Of those, the address the page came back at from the back-forward cache without a session, until a guard of the
 * engine mounts or shows a signed-in user.
 */
const restoredAt = new WeakMap<FiefAuth, string>();

/**
 * Records that a guard showed `auth`'s signed-in user in this page (once per engine: one listener for the page's
 * life). A user shown signed in again uses any restore up: it is no longer the session that ended.
 *
 * @example
 * ```ts
 * if (status === 'authenticated') showedSignedIn(auth);
 * ```
 */
export function showedSignedIn(auth: FiefAuth): void {
  restoredAt.delete(auth);
  if (shown.has(auth)) return;
  shown.add(auth);
  onPageRestored(() => {
    // Still signed in: no session ended for a guard mounted again to remember (one ending later is news to it).
    if (auth.getSnapshot().status !== 'authenticated') restoredAt.set(auth, window.location.href);
  });
}

/**
 * Whether a guard of `auth` mounting now is one the restore mounted again: this page showed `auth`'s signed-in user
 * behind a guard, came back from the back-forward cache since without a session, is still at the address it came back
 * at, and no guard of `auth` mounted or showed a signed-in user since. Read while rendering, so every guard of the
 * same commit (nested, StrictMode's second render) gets the same answer; {@link guardMounted} uses the restore up
 * afterwards.
 *
 * @example
 * ```ts
 * const sessionEndedWhileShown = restoredAfterSignedIn(auth); // read in the guard's first render
 * ```
 */
export function restoredAfterSignedIn(auth: FiefAuth): boolean {
  // Only set in a browser: rendered on a server (no `window`), it is never a restore.
  const at = restoredAt.get(auth);
  return at !== undefined && at === window.location.href;
}

/**
 * Records that a guard of `auth` mounted: the guards the restore mounted again have read it; one mounting later (a
 * link followed) is a new visit and logs in.
 *
 * @example
 * ```ts
 * guardMounted(auth); // in the guard's mount effect, after every guard of the commit read the restore
 * ```
 */
export function guardMounted(auth: FiefAuth): void {
  restoredAt.delete(auth);
}
