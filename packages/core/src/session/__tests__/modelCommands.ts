/**
 * The commands of the model-based suite (fast-check `fc.commands`): what users, browsers and networks do to tabs.
 * None of them waits for the engine unless it says so: answers and messages land when the scheduler releases them.
 */

import fc from 'fast-check';
import { vi } from 'vitest';
import type { AwayKind } from './modelAway.js';
import { ComeBack, GoAway } from './modelAwayCommands.js';
import type { NetworkFault } from './modelFief.js';
import { leave, storageCopy } from './modelLeave.js';
import { Mount, Unmount } from './modelMountCommands.js';
import type { ValidationCode } from './modelRealm.js';
import { mount } from './modelTab.js';
import { type Command, checkInvariants, passTime, TabCommand } from './modelTabCommand.js';
import { MAX_TABS, type ModelTab, type ModelWorld } from './modelWorld.js';

export { ComeBack, GoAway } from './modelAwayCommands.js';
export { Mount, Unmount } from './modelMountCommands.js';
export type { Command } from './modelTabCommand.js';

export class GetAccessToken extends TabCommand {
  act(world: ModelWorld, tab: ModelTab): void {
    void world.getAccessToken(tab);
  }
  override toString(): string {
    return `GetAccessToken(${this.tab})`;
  }
}

/**
 * The check of a forced `getAccessToken` asked of a disposed engine (`TokenWhileUnmounted`): Fief up and nothing in
 * the way until it answers, it brings an access token newer than the one the tab showed (helper 25, finding 1), when
 * that sign-in can be refreshed (one without offline access has no refresh token).
 */
function freshTokenCheck(world: ModelWorld, tab: ModelTab): (token: string | null) => void {
  const before = world.disturbances;
  const rank = tab.lastRank;
  const { status } = tab.auth.getSnapshot();
  const { page } = tab;
  const able = page.validation === 'ok' && (page.sessionChunk || !page.sessionChunkGone);
  const renewable = world.fief.signIns.ofRank(rank)?.endsAt === null;
  const holds = able && rank >= 0 && status !== 'anonymous' && renewable;
  return (token) => {
    if (!holds || world.faults > 0 || world.disturbances !== before || !tab.open || world.signOutExplained())
      return;
    const got = token === null ? -1 : (world.fief.accessTokens.get(token)?.rank ?? -1);
    if (got <= rank)
      world.violations.push(`tab ${tab.id}: a forced getAccessToken while unmounted got ${token}`);
  };
}

/**
 * The provider unmounted (the engine disposed) while the app's own code asks for a fresh token (its API said 401);
 * it mounts again once answered. The refresh runs with the link closed: its news must still reach the other tabs.
 */
export class TokenWhileUnmounted extends TabCommand {
  act(world: ModelWorld, tab: ModelTab): void {
    tab.auth.dispose();
    void world.getAccessToken(tab, { forceRefresh: true }, freshTokenCheck(world, tab)).finally(() => {
      if (tab.open && !tab.unmounted) tab.auth.start();
    });
  }
  override toString(): string {
    return `TokenWhileUnmounted(${this.tab})`;
  }
}

export class UserInfo extends TabCommand {
  constructor(
    tab: number,
    readonly update: boolean,
  ) {
    super(tab);
  }
  act(_world: ModelWorld, tab: ModelTab): void {
    const call = this.update ? tab.auth.updateProfile({ first_name: 'Anne' }) : tab.auth.refreshUserinfo();
    call.catch(() => {});
  }
  override toString(): string {
    return `${this.update ? 'UpdateProfile' : 'RefreshUserinfo'}(${this.tab})`;
  }
}

export class Logout extends TabCommand {
  act(world: ModelWorld, tab: ModelTab): void {
    world.logoutHappened = true;
    world.lastLogoutAt = Date.now();
    world.disturbances += 1;
    tab.auth.logout('https://app.test/').catch(() => {});
  }
  override toString(): string {
    return `Logout(${this.tab})`;
  }
}

export class CloseTab extends TabCommand {
  act(world: ModelWorld, tab: ModelTab): void {
    if (world.liveTabs().length < 2) return;
    leave(world, tab, false);
  }
  override toString(): string {
    return `CloseTab(${this.tab})`;
  }
}

/**
 * The user reloads a tab: its page goes, with any token request on its way, and loads again over the same
 * `sessionStorage`. `sessionChunkGone`: the page loaded the entry of the build a deploy just replaced, and the
 * session's chunk is gone from the server (it fails to load for good, as in a browser).
 */
export class ReloadTab extends TabCommand {
  constructor(
    tab: number,
    readonly sessionChunkGone: boolean,
  ) {
    super(tab);
  }
  act(world: ModelWorld, tab: ModelTab): void {
    leave(world, tab, true);
    world.openTab(null, { storage: storageCopy(tab), sessionChunkGone: this.sessionChunkGone });
  }
  override toString(): string {
    return `ReloadTab(${this.tab}, ${this.sessionChunkGone ? 'chunk gone' : 'same build'})`;
  }
}

/** React StrictMode, or a provider unmounted and mounted again: the engine is disposed and started again at once. */
export class Remount extends TabCommand {
  act(_world: ModelWorld, tab: ModelTab): void {
    tab.auth.dispose();
    mount(tab);
  }
  override toString(): string {
    return `Remount(${this.tab})`;
  }
}

export class OpenTab implements Command {
  check(): true {
    return true;
  }
  async run(_model: object, world: ModelWorld): Promise<void> {
    if (world.tabs.filter((tab) => tab.open).length < MAX_TABS) world.openTab();
    await Promise.resolve();
    checkInvariants(world, this.toString());
  }
  toString(): string {
    return 'OpenTab';
  }
}

/** Time passes (timers fire on time; messages between tabs land within a second, answers of Fief may not). */
export class AdvanceClock implements Command {
  constructor(readonly ms: number) {}
  check(): true {
    return true;
  }
  async run(_model: object, world: ModelWorld): Promise<void> {
    await passTime(world, this.ms);
    checkInvariants(world, this.toString());
  }
  toString(): string {
    return `AdvanceClock(${this.ms})`;
  }
}

/** The machine sleeps: the wall clock jumps, timers fire late. */
export class Wake implements Command {
  constructor(readonly ms: number) {}
  check(): true {
    return true;
  }
  async run(_model: object, world: ModelWorld): Promise<void> {
    // A machine sleeps between tasks, never inside one: what is running finishes first.
    await vi.advanceTimersByTimeAsync(0);
    world.disturbances += 1;
    vi.setSystemTime(Date.now() + this.ms);
    await vi.advanceTimersByTimeAsync(10);
    checkInvariants(world, this.toString());
  }
  toString(): string {
    return `Wake(${this.ms})`;
  }
}

/** The next token request is lost before Fief sees it, or its answer is lost after Fief rotated the token. */
export class Fault implements Command {
  constructor(readonly fault: NetworkFault) {}
  check(): true {
    return true;
  }
  async run(_model: object, world: ModelWorld): Promise<void> {
    world.fief.nextFault = this.fault;
    world.faults += 1;
  }
  toString(): string {
    return `Fault(${this.fault})`;
  }
}

/** Lets `count` answers or messages land, in the order the scheduler picks. */
export class Deliver implements Command {
  constructor(readonly count: number) {}
  check(): true {
    return true;
  }
  async run(_model: object, world: ModelWorld): Promise<void> {
    const count = Math.min(this.count, world.scheduler.count());
    if (count > 0) await world.scheduler.waitNext(count);
    await Promise.resolve();
    checkInvariants(world, this.toString());
  }
  toString(): string {
    return `Deliver(${this.count})`;
  }
}

/** The next tab opened gets its token validation code this way (`ModelPage.validation`). */
export class NextTabValidation implements Command {
  constructor(readonly validation: ValidationCode) {}
  check(): true {
    return true;
  }
  async run(_model: object, world: ModelWorld): Promise<void> {
    world.nextValidation = this.validation;
    world.disturbances += 1;
  }
  toString(): string {
    return `NextTabValidation(${this.validation})`;
  }
}

/** Everything lands; then every open tab agrees. */
export class Drain implements Command {
  check(): true {
    return true;
  }
  async run(_model: object, world: ModelWorld): Promise<void> {
    await world.drain();
    world.checkConverged();
    checkInvariants(world, this.toString());
  }
  toString(): string {
    return 'Drain';
  }
}

const tabIndex = fc.nat({ max: MAX_TABS - 1 });

/** A tab signs out (its own arbitrary: a suite can leave it out). */
export const logoutCommand = tabIndex.map((tab) => new Logout(tab));

/** Every command, weighted towards what races: token requests, user info, time and partial deliveries. */
export const modelCommands = [
  tabIndex.map((tab) => new GetAccessToken(tab)),
  tabIndex.map((tab) => new GetAccessToken(tab)),
  fc.tuple(tabIndex, fc.boolean()).map(([tab, update]) => new UserInfo(tab, update)),
  logoutCommand,
  tabIndex.map((tab) => new CloseTab(tab)),
  tabIndex.map((tab) => new Remount(tab)),
  fc.tuple(tabIndex, fc.constantFrom(0, 55_000)).map(([tab, ms]) => new Unmount(tab, ms)),
  fc.tuple(tabIndex, fc.constantFrom(0, 55_000)).map(([tab, ms]) => new Mount(tab, ms)),
  tabIndex.map((tab) => new TokenWhileUnmounted(tab)),
  fc
    .tuple(tabIndex, fc.constantFrom<AwayKind>('bfcache', 'frozen'), fc.constantFrom(0, 55_000))
    .map(([tab, kind, ms]) => new GoAway(tab, kind, ms)),
  fc
    .tuple(tabIndex, fc.boolean(), fc.constantFrom(0, 55_000))
    .map(([tab, first, ms]) => new ComeBack(tab, first, ms)),
  fc.constant(new OpenTab()),
  fc.constantFrom(500, 5_000, 45_000, 55_000).map((ms) => new AdvanceClock(ms)),
  fc.constantFrom(120_000, 3_600_000).map((ms) => new Wake(ms)),
  fc
    .constantFrom<NetworkFault>('dropBeforeAnswer', 'dropAfterAnswer', 'hang')
    .map((fault) => new Fault(fault)),
  fc.integer({ min: 1, max: 3 }).map((count) => new Deliver(count)),
  fc.integer({ min: 1, max: 3 }).map((count) => new Deliver(count)),
  fc.constant(new Drain()),
];
