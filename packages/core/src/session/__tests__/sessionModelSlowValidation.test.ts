/**
 * The model with pages whose validation load stalls and later arrives (a slow network): such a page must catch up
 * with the others once the code is there (helper 24).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { type Command, modelCommands, NextTabValidation } from './modelCommands.js';
import { modelRuns, runModel, useModelClock } from './modelRun.js';
import type { ModelWorld } from './modelWorld.js';

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
    const arrive = () => world.fief.validationArrives(tab.page);
    if (this.afterMs === 0) arrive();
    else setTimeout(arrive, this.afterMs);
    await Promise.resolve();
  }
  toString(): string {
    return `ValidationArrives(${this.tab}, ${this.afterMs})`;
  }
}

/** Every stalled load arrives in the end: the page must catch up. */
function everyLoadArrives(world?: ModelWorld): void {
  for (const tab of world?.tabs ?? []) {
    if (tab.page.validation === 'stalled') world?.fief.validationArrives(tab.page);
  }
}

const RUNS = modelRuns(300, 24);

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
        (s, w, c) => runModel(s, c, { withLocks: w, heal: everyLoadArrives }),
      ),
      RUNS,
    );
  }, 600_000);
});
