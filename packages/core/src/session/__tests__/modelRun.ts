/**
 * Running the model (see `sessionModel.test.ts`): the fake clock every run needs, one run of a command sequence
 * with its final checks, and the replay of a found sequence under many orders.
 */

import fc from 'fast-check';
import { afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { loadProtocolFlows } from '../../protocol/loadProtocolFlows.js';
import { loadSessionFlows } from '../loadSessionFlows.js';
import type { ModelBrowserSetup } from './modelBrowser.js';
import { keepTabOfTimers } from './modelRealm.js';
import { ModelWorld } from './modelWorld.js';

/** Registers the hooks every model test needs: the chunks loaded, then a fake clock and a stubbed `fetch`. */
export function useModelClock(): void {
  // The chunks loaded on demand are loaded once before the clock is faked (a browser caches them the same way).
  beforeAll(async () => {
    await Promise.all([loadSessionFlows(), loadProtocolFlows()]);
  });
  beforeEach(() => {
    // `performance` too: a tab that asked the others less than `NEWS_LANDED_MS` ago asks again before it spends
    // (`TabSync.caughtUp`); on the real clock a run takes milliseconds, so no tab was ever caught up.
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'],
      now: 1_767_225_600_000,
    });
    keepTabOfTimers();
    // The check a logout sends before leaving for Fief: the model's Fief answers it, and nothing leaves the process.
    vi.stubGlobal('fetch', () => Promise.resolve(new Response(null)));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });
}

/** How one run's browser and network are: see {@link ModelBrowserSetup}. */
export interface ModelRunSetup extends ModelBrowserSetup {
  /** With Web Locks. Default: with. */
  readonly withLocks?: boolean;
  /** Ends what the commands broke (the network back): before the run, and with its world before the final drain. */
  readonly heal?: (world?: ModelWorld) => void;
  /** Fief as it is: a reused refresh token refused, its grant kept (`ModelFief.keepsGrantOnReuse`). Default: revoked. */
  readonly fiefKeepsGrantOnReuse?: boolean;
}

/** One run of `commands` from a signed-in first tab; after it, everything lands and every open tab agrees. */
export async function runModel(
  scheduler: fc.Scheduler,
  commands: Iterable<fc.AsyncCommand<object, ModelWorld, false>>,
  { withLocks = true, heal = () => {}, fiefKeepsGrantOnReuse = false, ...browser }: ModelRunSetup = {},
): Promise<void> {
  vi.setSystemTime(1_767_225_600_000);
  heal();
  const world = new ModelWorld(scheduler, withLocks, browser);
  world.fief.keepsGrantOnReuse = fiefKeepsGrantOnReuse;
  try {
    world.signIn();
    await fc.asyncModelRun(() => ({ model: {}, real: world }), commands);
    heal(world);
    await world.drain();
    world.checkConverged();
    if (world.violations.length > 0) throw new Error(`at the end: ${world.violations.join('; ')}`);
  } finally {
    world.dispose();
    vi.clearAllTimers();
  }
}

/**
 * Replays a found sequence under many orders of answers and messages: a fixed seed, so the same orders on every run.
 * The shrunk sequences the model found have two or three tasks in flight, so 40 runs try every order.
 */
export async function replay(
  commands: fc.AsyncCommand<object, ModelWorld, false>[],
  setup: ModelRunSetup = {},
  seed = 20_261_202,
  numRuns = 40,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.scheduler(), (scheduler) => runModel(scheduler, commands, setup)),
    { seed, numRuns },
  );
}

/** {@link replay} with or without Web Locks, and what heals the network. */
export function everyOrder(
  withLocks: boolean,
  commands: fc.AsyncCommand<object, ModelWorld, false>[],
  heal?: (world?: ModelWorld) => void,
): Promise<void> {
  return replay(commands, { withLocks, heal });
}

/**
 * How many random sequences a model suite runs, and from which seed. The normal run explores the same sequences every
 * time (`defaultSeed`: CI is deterministic). Set `FIEF_MODEL_SEED=random` (with `FIEF_MODEL_RUNS`) to explore new
 * ones, or a number to replay a failure; keep every failure found as a named regression test. `FIEF_MODEL_TRACE=1`
 * prints every engine's log events and snapshots (run only the regression test then).
 */
export function modelRuns(defaultRuns: number, defaultSeed: number): { numRuns: number; seed?: number } {
  const numRuns = Number(process.env.FIEF_MODEL_RUNS ?? defaultRuns);
  const seed = process.env.FIEF_MODEL_SEED ?? String(defaultSeed);
  return seed === 'random' ? { numRuns } : { numRuns, seed: Number(seed) };
}
