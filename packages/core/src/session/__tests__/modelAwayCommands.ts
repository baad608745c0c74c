/**
 * The model's commands for a page that goes away and comes back having missed news (`modelAway.ts`). Time runs
 * after each, so that random sequences reach a page that comes back after the other tabs refreshed or signed out.
 */

import { vi } from 'vitest';
import { type AwayKind, comeBack, mayGoAway } from './modelAway.js';
import { sendAway } from './modelRealm.js';
import { type Command, checkInvariants, passTime, TabCommand } from './modelTabCommand.js';
import type { ModelTab, ModelWorld } from './modelWorld.js';

/**
 * The page goes into the back-forward cache (after its `pagehide`, `twice`: fired again, as a page may see), or is
 * frozen, unless it may not (`mayGoAway`); time runs `ms` after.
 */
export class GoAway extends TabCommand {
  constructor(
    tab: number,
    readonly kind: AwayKind,
    readonly ms: number,
    readonly twice = false,
  ) {
    super(tab);
  }
  async act(world: ModelWorld, tab: ModelTab): Promise<void> {
    // A page goes away between tasks: what runs finishes first.
    await vi.advanceTimersByTimeAsync(0);
    if (!mayGoAway(tab, world.fief.requestsOf.get(tab.page) ?? 0)) return;
    world.disturbances += 1;
    tab.frozen = true;
    if (this.kind === 'bfcache')
      for (const _ of this.twice ? [1, 2] : [1])
        world.pageEvents.fire(tab.page, 'window', 'pagehide', { persisted: true });
    sendAway(tab.page, this.kind === 'bfcache');
    await passTime(world, this.ms);
  }
  override toString(): string {
    return `GoAway(${this.tab}, ${this.kind}, ${this.ms}${this.twice ? ', twice' : ''})`;
  }
}

/**
 * One of the pages away (`tab` modulo how many there are) comes back (`twice`: its `pageshow` fires again); time runs
 * `ms` after.
 */
export class ComeBack implements Command {
  constructor(
    readonly tab: number,
    readonly visibilityFirst: boolean,
    readonly ms: number,
    readonly twice = false,
  ) {}
  check(): true {
    return true;
  }
  async run(_model: object, world: ModelWorld): Promise<void> {
    const away = world.tabs.filter((tab) => tab.open && tab.frozen);
    const tab = away[this.tab % Math.max(away.length, 1)];
    if (tab !== undefined) {
      await comeBack(world, tab, this.visibilityFirst);
      if (this.twice) world.pageEvents.fire(tab.page, 'window', 'pageshow', { persisted: true });
    }
    await passTime(world, this.ms);
    checkInvariants(world, this.toString());
  }
  toString(): string {
    const first = this.visibilityFirst ? 'visibilitychange first' : 'pageshow first';
    return `ComeBack(${this.tab}, ${first}, ${this.ms}${this.twice ? ', twice' : ''})`;
  }
}
