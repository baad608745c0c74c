/**
 * The model (`sessionModel.test.ts`) with pages whose token validation code does not load: failed for good (a deploy
 * removed it, or the page was offline when it preloaded) or stalled (an `import()` that never settles). Such a page
 * never sends a refresh token, settles (never stays `loading`), and may fall behind the others until it is reloaded;
 * the other invariants hold for every tab. Found by helper 23's attack on the deploy fix.
 */

import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  AdvanceClock,
  CloseTab,
  Drain,
  modelCommands,
  NextTabValidation,
  OpenTab,
  TokenWhileUnmounted,
  UserInfo,
  Wake,
} from './modelCommands.js';
import type { ValidationCode } from './modelRealm.js';
import { everyOrder, modelRuns, runModel, useModelClock } from './modelRun.js';

const RUNS = modelRuns(1_000, 20_261_204);

useModelClock();

describe('the session engine, model-checked with pages whose validation code does not load', () => {
  it('never sends a refresh token twice, never signs a tab out without a reason, and the able tabs agree', async () => {
    const broken = fc
      .constantFrom<ValidationCode>('failed', 'stalled')
      .map((mode) => new NextTabValidation(mode));
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.boolean(),
        fc.commands([...modelCommands, broken, broken], { maxCommands: 30, size: 'max' }),
        (s, w, c) => runModel(s, c, { withLocks: w }),
      ),
      RUNS,
    );
  }, 300_000);

  it('an unmounted tab whose validation load stalls gets the session the others refreshed (seed 872347428)', async () => {
    // Its getAccessToken (forced, unmounted) waited for the code for good, though the other tab refreshed; the
    // provider never mounted again, and the tab kept an expired token.
    await everyOrder(false, [
      new NextTabValidation('stalled'),
      new OpenTab(),
      new AdvanceClock(55_000),
      new TokenWhileUnmounted(1),
      new Drain(),
    ]);
  });

  it('a tab with a stalled validation load, left alone with an expired session, settles on error', async () => {
    // Its refresh waited for the code for good: the tab stayed `loading` (ready() never resolved).
    await everyOrder(false, [
      new UserInfo(0, false),
      new Wake(120_000),
      new NextTabValidation('stalled'),
      new OpenTab(),
      new CloseTab(0),
    ]);
  });
});
