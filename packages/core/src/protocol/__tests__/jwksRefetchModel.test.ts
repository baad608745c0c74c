/**
 * The key set's refetches (`jwkSelection.ts`), model-checked: a real `Fief` validating tokens against `FakeFief`
 * while the clock moves (forward and back), Fief publishes and removes keys, and its JWKS answers come late, in any
 * order the commands choose, fail, or are garbage. After every step: never two key-set requests in flight; a token
 * is accepted only by a key some successful answer given during its check published (a key a successful refetch
 * removed is refused until Fief publishes it again and a refetch brings it); `getJWKS()` is such a set too; after a
 * failed answer, Fief gets at most one request (the aging refetch's) while the clock stays within the backoff after
 * it and no answer succeeded since; no unhandled rejection; at the end, once Fief answers, every check settles.
 * A failure prints fast-check's seed and the shrunk commands: keep it as a named test below.
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Fief, FiefAccessTokenInvalid, FiefRequestError } from '../../index.js';
import {
  JWKS_FAILED_REFETCH_BACKOFF_MS,
  JWKS_MAX_AGE_MS,
  JWKS_REFETCH_COOLDOWN_MS,
} from '../jwkSelection.js';
import { CLIENT_ID, FakeFief, makeKey, type SigningKey, sign } from './fakeFief.js';
import { JWKSGate } from './jwksGate.js';

const server = new FakeFief();
let keys: SigningKey[]; // three Fief may publish, and a stranger's it never does

beforeAll(async () => {
  await server.start();
  keys = await Promise.all(['k0', 'k1', 'k2', 'stranger'].map((kid) => makeKey('RS256', kid)));
});
afterAll(() => server.close());
afterEach(() => vi.restoreAllMocks());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface World {
  fief: Fief;
  gate: JWKSGate;
  clock: number;
  checks: Promise<void>[];
  violations: string[];
}

/** The successful answers so far (the first one is the fetch on first use). */
const successes = (world: World) => world.gate.answers.filter((answer) => answer.keys !== undefined);

/** Starts a check; the kids it accepted must all be in one successful answer given while it ran. */
function check(world: World, name: string, run: () => Promise<readonly string[]>): Promise<void> {
  const from = Math.max(0, successes(world).length - 1);
  const checked = run().then(
    (accepted) => {
      const during = successes(world).slice(from);
      const agrees = during.some((answer) => accepted.every((kid) => answer.keys?.includes(kid)));
      if (!agrees)
        world.violations.push(`${name} gave [${accepted}] while Fief published ${JSON.stringify(during)}`);
    },
    (error: unknown) => {
      if (!(error instanceof FiefAccessTokenInvalid || error instanceof FiefRequestError)) {
        world.violations.push(`${name} threw ${String(error)}`);
      }
    },
  );
  world.checks.push(checked);
  let settled = false;
  void checked.then(() => {
    settled = true;
  });
  return until(() => settled || world.gate.pending.length > 0);
}

/**
 * Requests Fief got within the backoff of the last failed answer (the clock at or after it, less than
 * `JWKS_FAILED_REFETCH_BACKOFF_MS` past it, no answer succeeded since) that cannot be the aging refetch: strangers'
 * tokens ask no one then, and the aging refetch, which the backoff does not hold, comes no sooner than a cooldown
 * after the last one unless the clock went back.
 */
function requestsInBackoff(gate: JWKSGate): string[] {
  const extra: string[] = [];
  let failedAt: number | undefined;
  let agingAt: number | undefined; // the last request in a backoff: the aging refetch
  let previous = Number.NEGATIVE_INFINITY;
  for (const event of gate.log) {
    if (event.at < previous) agingAt = undefined; // the clock went back: the held set counts as aged
    previous = event.at;
    if (!event.request) {
      failedAt = event.keys === undefined ? event.at : undefined;
    } else if (
      failedAt !== undefined &&
      event.at >= failedAt &&
      event.at - failedAt < JWKS_FAILED_REFETCH_BACKOFF_MS
    ) {
      if (agingAt !== undefined && event.at - agingAt < JWKS_REFETCH_COOLDOWN_MS) {
        extra.push(`a request at ${event.at} in the backoff of the failure at ${failedAt}`);
      }
      agingAt = event.at;
    }
  }
  return extra;
}

/** Waits until `done()` holds, for at most a second (a check waiting on a held answer never will). */
async function until(done: () => boolean): Promise<void> {
  const deadline = performance.now() + 1_000;
  while (!done() && performance.now() < deadline) await pause(2);
}

/** Waits until Fief has seen no new request and given no new answer for 10 ms. */
async function quiet(world: World): Promise<void> {
  let seen = -1;
  while (seen !== server.requests.length + world.gate.answers.length) {
    seen = server.requests.length + world.gate.answers.length;
    await pause(10);
  }
}

/** A command of the model; the oracle is the answers Fief gave (`JWKSGate.answers`): the model state is empty. */
type Step = fc.AsyncCommand<object, World>;

const step = (name: string, run: (world: World) => Promise<void> | void): Step => ({
  check: () => true,
  run: async (_model, world) => {
    await run(world);
    await quiet(world); // a background refetch reaches Fief, an answer released reaches the client
  },
  toString: () => name,
});

const moveClock = (ms: number) =>
  step(`Clock(${ms})`, (world) => {
    world.clock += ms;
    vi.spyOn(Date, 'now').mockReturnValue(world.clock);
  });
const publish = (indexes: number[]) =>
  step(`Publish(${indexes})`, () => {
    server.jwks = { keys: indexes.map((index) => keys[index]?.publicJWK).filter((jwk) => jwk !== undefined) };
  });
const misbehave = (holding: boolean, failure: 'none' | 'down' | 'garbage') =>
  step(`Fief(${holding ? 'holds' : 'answers'}, ${failure})`, (world) => {
    world.gate.holding = holding;
    world.gate.failure =
      failure === 'down'
        ? { status: 503, body: 'down' }
        : failure === 'garbage'
          ? { body: '{"keys":' }
          : undefined;
  });
const release = (index: number, how: 'published' | 'down' | 'garbage' | 'empty') =>
  step(`Release(${index}, ${how})`, (world) => {
    if (world.gate.pending.length === 0) return;
    const answer =
      how === 'down'
        ? { status: 503, body: 'down' }
        : how === 'garbage'
          ? { body: '<html>' }
          : how === 'empty'
            ? { body: '{"keys":[]}' }
            : undefined;
    world.gate.release(index % world.gate.pending.length, answer);
  });
const validate = (index: number) =>
  step(`Validate(${keys[index]?.kid})`, async (world) => {
    const key = keys[index] as SigningKey;
    const token = await sign({ ...server.claims(), acr: '0', scope: 'openid', permissions: [] }, key);
    await check(world, `validate(${key.kid})`, async () => {
      await world.fief.validateAccessToken(token);
      return [key.kid];
    });
  });
const getJWKS = step('GetJWKS', (world) =>
  check(world, 'getJWKS()', async () => (await world.fief.getJWKS()).keys.map((key) => String(key.kid))),
);

const clockSteps = fc
  .constantFrom(1_000, JWKS_REFETCH_COOLDOWN_MS, JWKS_MAX_AGE_MS - 1, JWKS_MAX_AGE_MS, -1_000, -3_600_000)
  .map(moveClock);
const fiefSteps = fc
  .tuple(fc.boolean(), fc.constantFrom<'none' | 'down' | 'garbage'>('none', 'none', 'down', 'garbage'))
  .map(([holding, failure]) => misbehave(holding, failure));
const releaseSteps = fc
  .tuple(
    fc.nat(3),
    fc.constantFrom<'published' | 'down' | 'garbage' | 'empty'>(
      'published',
      'published',
      'down',
      'garbage',
      'empty',
    ),
  )
  .map(([index, how]) => release(index, how));
const steps = fc.oneof(
  { arbitrary: clockSteps, weight: 3 },
  { arbitrary: fc.subarray([0, 1, 2]).map(publish), weight: 2 },
  { arbitrary: fiefSteps, weight: 2 },
  { arbitrary: releaseSteps, weight: 3 },
  { arbitrary: fc.nat(3).map(validate), weight: 5 },
  { arbitrary: fc.constant(getJWKS), weight: 1 },
);

async function runModel(commands: readonly Step[]): Promise<void> {
  server.reset(keys.slice(0, 2));
  const world: World = {
    fief: new Fief({ baseURL: server.url, clientId: CLIENT_ID }),
    gate: new JWKSGate(server),
    clock: Date.now(),
    checks: [],
    violations: [],
  };
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    vi.spyOn(Date, 'now').mockReturnValue(world.clock);
    // The set is held from the first use.
    await world.fief.validateAccessToken(
      await sign({ ...server.claims(), acr: '0', scope: 'openid', permissions: [] }, keys[0] as SigningKey),
    );
    for (const command of commands) {
      await command.run({}, world);
      expect(world.gate.maxInFlight, 'JWKS requests in flight').toBeLessThanOrEqual(1);
      expect(world.violations).toEqual([]);
      expect(requestsInBackoff(world.gate)).toEqual([]);
    }
    await pause(20); // a request still on its way counts too
    expect(world.gate.maxInFlight, 'JWKS requests in flight').toBeLessThanOrEqual(1);
    // Fief answers again: every check settles.
    world.gate.holding = false;
    world.gate.failure = undefined;
    world.gate.drain();
    await Promise.race([
      Promise.all(world.checks),
      pause(2_000).then(() => Promise.reject(new Error('a check hangs'))),
    ]);
    await pause(10);
    expect(world.violations).toEqual([]);
    expect(unhandled).toEqual([]);
  } finally {
    process.off('unhandledRejection', onUnhandled);
    world.gate.holding = false;
    world.gate.drain();
    vi.restoreAllMocks();
  }
}

const RUNS = {
  numRuns: Number(process.env.FIEF_MODEL_RUNS ?? 40),
  ...(process.env.FIEF_MODEL_SEED === 'random'
    ? {}
    : { seed: Number(process.env.FIEF_MODEL_SEED ?? 20_261_206) }),
};

describe('the key set refetches, model-checked', () => {
  it('keep one request in flight and never bring back a key a successful answer removed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands([steps], { maxCommands: 30, size: 'max' }), (commands) =>
        runModel([...commands]),
      ),
      RUNS,
    );
  }, 600_000);

  // Found by the model at 7b0d369 (seed 20261206): a stranger's refetch held by Fief, then the set aged; the aging
  // check started a second request beside it.
  it('replays: Fief(holds), Validate(k2), Clock(600000), Validate(k0)', async () => {
    await runModel([misbehave(true, 'none'), validate(2), moveClock(JWKS_MAX_AGE_MS), validate(0)]);
  });

  // Found by the model at 7b0d369 with the in-flight check left out: two aging refetches (the clock set back, then
  // a cooldown later) answered newest first; the oldest answer, an empty set, replaced the newer one.
  it('replays: two aging refetches answered newest first', async () => {
    await runModel([
      publish([]),
      misbehave(true, 'none'),
      moveClock(-1_000),
      validate(0),
      publish([1]),
      moveClock(JWKS_REFETCH_COOLDOWN_MS),
      validate(0),
      release(1, 'published'),
      release(0, 'published'),
      validate(1),
    ]);
  });

  // Found by the model's backoff invariant at 64c11ef (random seed 793022238, after 105 runs; the fixed seed's 40 runs
  // miss it): while Fief is down, each token naming a key it does not hold asked Fief again.
  it('replays: Fief(answers, down), Validate(k2), Validate(k2), Validate(k2)', async () => {
    await runModel([misbehave(false, 'down'), validate(2), validate(2), validate(2)]);
  });
});
