/**
 * Writes the stored session, in the envelope `sessionStore.ts` parses. Only the engine stores a session (a login, a
 * refresh, another tab's copy), so this is in the session's chunk; the entry chunk reads the stored session and
 * removes it, no more.
 */

import { removeSession, type Session, sessionKey } from './sessionStore.js';
import { STORAGE_VERSION, type StorageLike, writeItem } from './storage.js';

/** Serialises a session for storage: what `parseSerializedSession` reads. */
export function serializeSession(session: Session): string {
  return JSON.stringify({ v: STORAGE_VERSION, session });
}

/** Stores `session` under `namespace` (or removes the stored one when `null`). */
export function saveSession(storage: StorageLike, namespace: string, session: Session | null): void {
  if (session === null) {
    removeSession(storage, namespace);
  } else if (!writeItem(storage, sessionKey(namespace), serializeSession(session))) {
    // A session we cannot write fully must not linger half-written: the in-memory copy still works for this page.
    removeSession(storage, namespace);
  }
}
