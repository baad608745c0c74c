/**
 * What a refresh (`sessionRefresher.ts`) needs from the engine, as the refresh driver (`refreshDriver.ts`) hands it
 * over. Part of the session's chunk loaded on demand.
 */

import type { Fief } from '../protocol/fief.js';
import type { FiefLogger } from './logEvents.js';
import type { SessionKeeper } from './sessionKeeper.js';
import type { StorageLike } from './storage.js';
import type { TabLock } from './tabTypes.js';

/** Why a refresh sent nothing: its engine was disposed, its lease expired as the machine slept, or it was not due. */
export type GaveUpReason = 'abandoned' | 'lease lost' | 'not due';

/** What a refresh needs from the engine. */
export interface RefreshHost {
  readonly fief: Fief;
  readonly keeper: SessionKeeper;
  /** Names the stored records (issuer and client). */
  readonly namespace: string;
  /** This tab, in the mark it leaves before spending a refresh token. */
  readonly tabId: string;
  readonly scope: string[];
  readonly marginMs: number;
  /** Where this tab keeps its session (another tab may have written a newer one there). */
  readonly storage: StorageLike;
  /** Failed refreshes in a row (the retry delay doubles). */
  retries: number;
  started(): boolean;
  /** Whether the engine was disposed (and not started again) since this refresh began. */
  abandoned(): boolean;
  /** This refresh sends nothing: it gives up (abandoned, or its lease expired), or the session is not due. */
  gaveUp(reason: GaveUpReason): void;
  tabs(): TabLock;
  /**
   * Listens to the other tabs until the returned function is called, whether the engine runs or not. Let go while it
   * is disposed, the link closes, unless its session came from a refresh (`TabLink`: it then answers the tabs).
   */
  hear(): () => void;
  shared(): StorageLike | null;
  now(): number;
  /** Runs the session check at `at` (ms since the epoch). */
  schedule(at: number): void;
  readonly log: FiefLogger;
}
