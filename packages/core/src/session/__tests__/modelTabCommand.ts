/**
 * What every command of the model-based suite (`modelCommands.ts`) shares: its type, time passing, and the command
 * that acts on one of the live tabs and checks the invariants after.
 */

import type fc from 'fast-check';
import { vi } from 'vitest';
import { channelViolations } from './modelTabChannels.js';
import type { ModelTab, ModelWorld } from './modelWorld.js';

export type Command = fc.AsyncCommand<object, ModelWorld, false>;

/**
 * Time passes: timers fire on time, and messages between tabs land within `world.messageLatencyMs` (answers of Fief
 * may not).
 */
export async function passTime(world: ModelWorld, ms: number): Promise<void> {
  const step = world.messageLatencyMs;
  for (let elapsed = 0; elapsed < ms; elapsed += step) {
    await vi.advanceTimersByTimeAsync(Math.min(step, ms - elapsed));
    await world.landMessages();
  }
}

/** Throws what the world found wrong so far, naming the command after which it was found. */
export function checkInvariants(world: ModelWorld, after: string): void {
  world.violations.push(...channelViolations(world));
  if (world.violations.length > 0) {
    throw new Error(`after ${after}: ${world.violations.join('; ')}`);
  }
}

/** A command on live tab `tab` (modulo how many are live; nothing when none is). */
export abstract class TabCommand implements Command {
  constructor(readonly tab: number) {}
  check(): true {
    return true;
  }
  abstract act(world: ModelWorld, tab: ModelTab): void | Promise<void>;
  async run(_model: object, world: ModelWorld): Promise<void> {
    const live = world.liveTabs();
    const tab = live.length === 0 ? undefined : live[this.tab % live.length];
    if (tab !== undefined) await this.act(world, tab);
    await Promise.resolve();
    checkInvariants(world, this.toString());
  }
}

/**
 * A tab closed or reloaded: without shared storage, a sign-out lives only in the tabs that know of it (they tell it
 * to a tab that names the sign-in), and this one may have been the last; a tab that could not hear it keeps it.
 */
export function witnessMayBeGone(world: ModelWorld): void {
  if (world.logoutHappened && !world.withSharedStorage) world.forgettableLogoutAt = world.lastLogoutAt;
}
