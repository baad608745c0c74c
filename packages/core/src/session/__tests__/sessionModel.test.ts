/**
 * Model-based tests of the session engine: 1 to 4 tabs, a Fief that deletes refresh tokens on use, answers and
 * messages landing in any order (fast-check's scheduler), time running, jumping, and networks failing. After every
 * command: no refresh token sent twice, no tab signed out without a reason, no snapshot going back, no expired
 * token handed out; after every drain, every open tab agrees.
 *
 * A failure prints fast-check's seed and the shrunk command sequence; rerun it with `fc.assert(..., { seed, path })`
 * and keep it as a named regression test in
 * `sessionModelRaces.test.ts`.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modelCommands } from './modelCommands.js';
import { modelRuns, runModel, useModelClock } from './modelRun.js';
import { signInAgainCommand } from './modelSignInAgain.js';

const RUNS = modelRuns(1_000, 20_261_202);

useModelClock();

/**
 * Up to 30 random commands on 2-4 tabs (15 on average: `size: 'max'`; fast-check's default size gave 5), with or
 * without Web Locks, under a random order of answers and messages.
 */
function engineProperty() {
  return fc.asyncProperty(
    fc.scheduler(),
    fc.boolean(),
    fc.commands([...modelCommands, signInAgainCommand], { maxCommands: 30, size: 'max' }),
    (scheduler, withLocks, commands) => runModel(scheduler, commands, { withLocks }),
  );
}

describe('the session engine, model-checked across tabs', () => {
  it('never sends a refresh token twice, never signs a tab out without a reason, and tabs agree', async () => {
    await fc.assert(engineProperty(), RUNS);
    expect(RUNS.numRuns).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
