/**
 * The model's commands for a provider that unmounts and mounts again much later (a route without it), as opposed to
 * `Remount` (StrictMode: at once). Unmounted, the engine is disposed: deaf to the other tabs, unless it answers
 * them with a session that came from a refresh. Time runs after each, so that random sequences reach a tab that
 * mounts again long after another tab refreshed and unmounted too.
 */

import { mount } from './modelTab.js';
import { type Command, checkInvariants, passTime, TabCommand } from './modelTabCommand.js';
import type { ModelTab, ModelWorld } from './modelWorld.js';

/** The provider unmounts and stays so until a `Mount` or the next drain, however long; time runs `ms` after. */
export class Unmount extends TabCommand {
  constructor(
    tab: number,
    readonly ms: number,
  ) {
    super(tab);
  }
  async act(world: ModelWorld, tab: ModelTab): Promise<void> {
    tab.unmounted = true;
    // Not a witness gone: an unmounted engine that knows of a sign-out goes on telling it (`TabLink`).
    tab.auth.dispose();
    await passTime(world, this.ms);
  }
  override toString(): string {
    return `Unmount(${this.tab}, ${this.ms})`;
  }
}

/** One of the unmounted providers (`tab` modulo how many there are) mounts again; time runs `ms` after. */
export class Mount implements Command {
  constructor(
    readonly tab: number,
    readonly ms: number,
  ) {}
  check(): true {
    return true;
  }
  async run(_model: object, world: ModelWorld): Promise<void> {
    const unmounted = world.liveTabs().filter((tab) => tab.unmounted);
    const tab = unmounted[this.tab % Math.max(unmounted.length, 1)];
    if (tab !== undefined) mount(tab);
    await passTime(world, this.ms);
    checkInvariants(world, this.toString());
  }
  toString(): string {
    return `Mount(${this.tab}, ${this.ms})`;
  }
}
