/**
 * The commands of the login-after-logout model (`loginAfterLogoutModel.dom.test.ts`): what a page's user, its
 * browser, its clocks and Fief do, each acting on the model's page (`departureModelPage.ts`).
 */

import type fc from 'fast-check';
import type { DeparturePage } from './departureModelPage.js';

export type Command = fc.AsyncCommand<object, DeparturePage, false>;

/** A command that acts on the page, then lets a few of Fief's answers land, in the scheduler's order. */
export abstract class PageCommand implements Command {
  abstract act(page: DeparturePage): void;
  abstract toString(): string;
  check(): true {
    return true;
  }
  async run(_model: object, page: DeparturePage): Promise<void> {
    this.act(page);
    for (let i = 0; i < 5; i++) await Promise.resolve();
    page.checkAtRest();
  }
}

export class Login extends PageCommand {
  constructor(readonly engine: number) {
    super();
  }
  act(page: DeparturePage): void {
    page.login(this.engine % page.engines.length);
  }
  toString(): string {
    return `Login(${this.engine})`;
  }
}

export class Logout extends PageCommand {
  constructor(readonly engine: number) {
    super();
  }
  act(page: DeparturePage): void {
    page.logout(this.engine % page.engines.length);
  }
  toString(): string {
    return `Logout(${this.engine})`;
  }
}

/** The page shown again: back from the back-forward cache, or its tab shown after hidden. */
export class Shown extends PageCommand {
  constructor(readonly how: 'pageshow' | 'visibilitychange') {
    super();
  }
  act(page: DeparturePage): void {
    page.shown();
    if (this.how === 'pageshow') {
      const event = new Event('pageshow');
      Object.defineProperty(event, 'persisted', { value: true });
      window.dispatchEvent(event);
    } else document.dispatchEvent(new Event('visibilitychange'));
  }
  toString(): string {
    return `Shown(${this.how})`;
  }
}

/** Back online: says nothing of where the page goes. */
export class Online extends PageCommand {
  act(): void {
    window.dispatchEvent(new Event('online'));
  }
  toString(): string {
    return 'Online';
  }
}

export class Clock extends PageCommand {
  constructor(readonly ms: number) {
    super();
  }
  act(page: DeparturePage): void {
    if (this.ms >= 0) page.advance(this.ms);
    else page.setBack(-this.ms);
  }
  toString(): string {
    return `Clock(${this.ms})`;
  }
}

export class FiefDown extends PageCommand {
  constructor(readonly down: boolean) {
    super();
  }
  act(page: DeparturePage): void {
    page.fiefDown = this.down;
  }
  toString(): string {
    return `FiefDown(${this.down})`;
  }
}

/** A StrictMode remount, or a provider unmounted and mounted again. */
export class Remount extends PageCommand {
  constructor(readonly engine: number) {
    super();
  }
  act(page: DeparturePage): void {
    const auth = page.engines[this.engine % page.engines.length];
    auth?.dispose();
    auth?.start();
  }
  toString(): string {
    return `Remount(${this.engine})`;
  }
}

/** A new engine built in place of `engine` (a provider mounted again with a new `FiefAuth`). */
export class Rebuild extends PageCommand {
  constructor(readonly engine: number) {
    super();
  }
  act(page: DeparturePage): void {
    page.rebuild(this.engine % page.engines.length);
  }
  toString(): string {
    return `Rebuild(${this.engine})`;
  }
}

/** Only `engine`'s clock moves (its own `clock` option): a wait counted on another engine's clock does not. */
export class Skew extends PageCommand {
  constructor(
    readonly engine: number,
    readonly ms: number,
  ) {
    super();
  }
  act(page: DeparturePage): void {
    page.skew(this.engine % page.engines.length, this.ms);
  }
  toString(): string {
    return `Skew(${this.engine}, ${this.ms})`;
  }
}

/** Fief answers the next `count` requests waiting, in the scheduler's order. */
export class Answer implements Command {
  constructor(readonly count: number) {}
  check(): true {
    return true;
  }
  async run(_model: object, page: DeparturePage): Promise<void> {
    for (let i = 0; i < this.count; i++) {
      for (let tick = 0; tick < 20 && page.scheduledCount() === 0 && page.inFlight.size > 0; tick++)
        await Promise.resolve();
      if (page.scheduledCount() > 0) await page.answerOne();
    }
    page.checkAtRest();
  }
  toString(): string {
    return `Answer(${this.count})`;
  }
}
