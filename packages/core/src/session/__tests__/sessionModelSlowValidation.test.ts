/**
 * The model with pages whose validation load stalls and later arrives (a slow network): such a page must
 * catch up with the others once the code is there.
 */
import fc from 'fast-check';
import { describe, it, vi } from 'vitest';
import { chunkLoadError } from '../../protocol/errors.js';
import { modelCommands } from './modelCommands.js';
import { currentPage, type ModelPage, type ValidationCode } from './modelRealm.js';
import { useModelClock } from './modelRun.js';
import { ModelWorld } from './modelWorld.js';

type Command = fc.AsyncCommand<object, ModelWorld, false>;
const arrivals = new WeakMap<ModelPage, { promise: Promise<void>; resolve: () => void }>();

function patch(world: ModelWorld): void {
  world.fief.loadTokenValidation = () => {
    const page = currentPage();
    const validation = page?.validation ?? 'ok';
    if (validation === 'ok' || page === undefined) return Promise.resolve();
    if (validation === 'stalled') {
      let arrival = arrivals.get(page);
      if (arrival === undefined) {
        let resolve: () => void = () => {};
        const promise = new Promise<void>((r) => {
          resolve = r;
        });
        arrival = { promise, resolve };
        arrivals.set(page, arrival);
      }
      return arrival.promise;
    }
    return Promise.reject(chunkLoadError(new TypeError('Failed to fetch dynamically imported module')));
  };
}

class NextTabValidation implements Command {
  constructor(readonly validation: ValidationCode) {}
  check(): true {
    return true;
  }
  async run(_m: object, world: ModelWorld): Promise<void> {
    world.nextValidation = this.validation;
  }
  toString(): string {
    return `NextTabValidation(${this.validation})`;
  }
}

/** The stalled load of a tab arrives (after `afterMs` of fake time, or at once). */
class ValidationArrives implements Command {
  constructor(
    readonly tab: number,
    readonly afterMs: number,
  ) {}
  check(): true {
    return true;
  }
  async run(_m: object, world: ModelWorld): Promise<void> {
    const stalled = world.tabs.filter((t) => t.open && t.page.validation === 'stalled');
    const tab = stalled[this.tab % Math.max(1, stalled.length)];
    if (tab === undefined) return;
    const arrive = () => {
      (tab.page as { validation: ValidationCode }).validation = 'ok';
      let arrival = arrivals.get(tab.page);
      if (arrival === undefined) {
        arrival = { promise: Promise.resolve(), resolve: () => {} };
        arrivals.set(tab.page, arrival);
      }
      arrival.resolve();
    };
    if (this.afterMs === 0) arrive();
    else setTimeout(arrive, this.afterMs);
    await Promise.resolve();
  }
  toString(): string {
    return `ValidationArrives(${this.tab}, ${this.afterMs})`;
  }
}

async function run(scheduler: fc.Scheduler, withLocks: boolean, commands: Iterable<Command>): Promise<void> {
  vi.setSystemTime(1_767_225_600_000);
  const world = new ModelWorld(scheduler, withLocks);
  patch(world);
  try {
    world.signIn();
    await fc.asyncModelRun(() => ({ model: {}, real: world }), commands);
    // Every stalled load arrives in the end: the page must catch up.
    for (const tab of world.tabs) {
      if (tab.page.validation === 'stalled') {
        (tab.page as { validation: ValidationCode }).validation = 'ok';
        arrivals.get(tab.page)?.resolve();
      }
    }
    await world.drain();
    world.checkConverged();
    if (world.violations.length > 0) throw new Error(`at the end: ${world.violations.join('; ')}`);
  } finally {
    world.dispose();
    vi.clearAllTimers();
  }
}

const RUNS = Number(process.env.FIEF_MODEL_RUNS ?? 300);
const SEED_SETTING = process.env.FIEF_MODEL_SEED ?? '24';
const SEED = SEED_SETTING === 'random' ? {} : { seed: Number(SEED_SETTING) };

useModelClock();

describe('the session engine, model-checked with validation loads that stall, then arrive', () => {
  it('a page whose validation code arrived late catches up with the others', async () => {
    const stall = fc.constant(new NextTabValidation('stalled'));
    const arrive = fc
      .tuple(fc.nat({ max: 3 }), fc.constantFrom(0, 1_000, 29_000, 31_000, 60_000))
      .map(([t, ms]) => new ValidationArrives(t, ms));
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.boolean(),
        fc.commands([...modelCommands, stall, stall, arrive, arrive], { maxCommands: 30, size: 'max' }),
        (s, w, c) => run(s, w, c),
      ),
      { numRuns: RUNS, ...SEED },
    );
  }, 600_000);
});
