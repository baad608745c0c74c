import {
  authenticatedMark,
  type Environment,
  homeURL,
  INJECTED_RTT_MS,
  median,
  sleep,
  startSignIn,
} from './environment.ts';
import type { LibraryId } from './libraries.ts';
import type { Outcome } from './outcome.ts';
import { appRequestsInSeries, appRequestsOf } from './pageRequests.ts';
import { requestsInSeries } from './servers/latencyProxy.ts';

export interface CallbackResult {
  /** Median ms from the callback navigation to the authenticated render, without and with the injected RTT. */
  baselineMs: number;
  latencyMs: number;
  /** The fastest of those runs. */
  baselineMinMs: number;
  latencyMinMs: number;
  /** Identity-server requests the callback made before that render (most in one latency run). */
  requests: number;
  /** How many of them in series, in each latency run. */
  inSeriesRuns: number[];
  /** What those requests were (`POST /api/token`, ...), from one latency run. */
  requestList: string[];
  /**
   * Requests to the app's own server (document, scripts) in series before that render, in each latency run, on the
   * page's clock (`pageRequests.ts`).
   */
  appInSeriesRuns: number[];
  /**
   * Reload while signed in, with the injected RTT: identity requests before the authenticated render, the median
   * and fastest time to it, and the app-server requests (document, scripts) in series before it, in each run.
   */
  reload: { requests: number; requestList: string[]; ms: number; minMs: number; appInSeriesRuns: number[] };
}

/**
 * Runs of each kind (no latency, then latency, alternating), after one warm-up run. On a shared machine the noise
 * only ever adds time, so the latency's cost is the difference of the fastest runs; medians are reported too.
 * 21 runs: with 7 (21 reloads a library) the reload medians of fief-spa and @fief/fief, a few ms apart, swapped places
 * between two runs of the bench on a quiet machine (115 against 113 ms, 123 against 119; stop 38's run 118 against
 * 120); 63 reloads each put them 4 ms apart (123 against 127.5). The bench takes about 2 minutes longer.
 */
const RUNS = 21;
/** Signed-in reloads after each latency run. */
const RELOADS_PER_RUN = 3;

/**
 * One login in a fresh browser context: the login runs without latency and its callback navigation is held
 * back; then, with `delayMs` on every identity-server request, the callback URL is opened and the time to the
 * authenticated render is read from the page's own clock. With latency, a reload follows.
 */
async function runOnce(env: Environment, lib: LibraryId, delayMs: number) {
  const context = await env.browser.newContext();
  try {
    const page = await context.newPage();
    const home = homeURL(env, lib, 'main');
    // The login's final redirect to the callback is held back by the proxy (204: the page stays put).
    env.proxy.held.length = 0;
    env.proxy.hold = (url) => url.href.startsWith(`${home}callback?`);
    env.proxy.delayMs = 0;
    await startSignIn(page, home);
    for (let waited = 0; env.proxy.held.length === 0 && waited < 15_000; waited += 50) await sleep(50);
    env.proxy.hold = undefined;
    const callbackURL = env.proxy.held[0];
    if (!callbackURL) throw new Error(`${lib}: the login did not reach the callback`);

    env.proxy.delayMs = delayMs;
    env.proxy.clearRequests();
    await page.goto(callbackURL, { waitUntil: 'commit' });
    const mark = await authenticatedMark(page);
    const before = env.proxy.requests.filter((r) => r.start < mark.at);
    const identity = before.filter((r) => r.delayed);
    const callback = {
      ms: mark.sinceNavigation,
      requests: identity.length,
      inSeries: requestsInSeries(identity),
      requestList: identity.map((r) => `${r.method} ${r.path.split('?')[0]}`),
      appInSeries: appRequestsInSeries(await appRequestsOf(page), mark.sinceNavigation),
    };
    if (delayMs === 0) return { callback };

    // Let whatever the login started settle, then reload while signed in, a few times (a reload is short, and its
    // time varies more from run to run than the callback's).
    const reloads = [];
    for (let reload = 0; reload < RELOADS_PER_RUN; reload++) {
      await page.waitForTimeout(500);
      env.proxy.clearRequests();
      await page.reload({ waitUntil: 'commit' });
      const reloadMark = await authenticatedMark(page);
      const beforeReload = env.proxy.requests.filter((r) => r.start < reloadMark.at);
      const identityBeforeReload = beforeReload.filter((r) => r.delayed);
      reloads.push({
        ms: reloadMark.sinceNavigation,
        requests: identityBeforeReload.length,
        requestList: identityBeforeReload.map((r) => `${r.method} ${r.path.split('?')[0]}`),
        appInSeries: appRequestsInSeries(await appRequestsOf(page), reloadMark.sinceNavigation),
      });
    }
    return { callback, reloads };
  } finally {
    env.proxy.hold = undefined;
    env.proxy.delayMs = 0;
    await context.close();
  }
}

type Run = Awaited<ReturnType<typeof runOnce>>;

/**
 * Measures the callback and the reload of every library in `libs`, interleaved: each run of the loop gives every
 * library one run of a kind, in turn. The load of a shared machine changes over minutes; measuring one library after
 * the other would give one of them a quieter machine (on one run here the reload of the first library measured 30 %
 * slower than the peers' measured later, and the fastest of the three once interleaved). A library that fails is
 * dropped from the later runs, with the reason.
 */
export async function measureCallbacks(
  env: Environment,
  libs: readonly LibraryId[],
  progress: (line: string) => void = () => {},
): Promise<Partial<Record<LibraryId, Outcome<CallbackResult>>>> {
  const runs = new Map(libs.map((lib) => [lib, { baseline: [] as number[], latency: [] as Run[] }]));
  const failed = new Map<LibraryId, string>();
  const eachLibrary = async (what: string, step: (lib: LibraryId) => Promise<void>) => {
    for (const lib of libs) {
      if (failed.has(lib)) continue;
      try {
        await step(lib);
      } catch (error) {
        const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
        failed.set(lib, `${what}: ${reason}`);
        progress(`  ${lib} callback + reload: failed in ${failed.get(lib)}`);
      }
    }
  };
  // The first page load of a library pays for a cold cache and JIT: not part of the measurement.
  await eachLibrary('the warm-up run', async (lib) => {
    await runOnce(env, lib, 0);
  });
  for (let run = 1; run <= RUNS; run++) {
    await eachLibrary(`run ${run} without latency`, async (lib) => {
      runs.get(lib)!.baseline.push((await runOnce(env, lib, 0)).callback.ms);
    });
    await eachLibrary(`run ${run} with latency`, async (lib) => {
      runs.get(lib)!.latency.push(await runOnce(env, lib, INJECTED_RTT_MS));
    });
  }
  return Object.fromEntries(
    libs.map((lib) => {
      const reason = failed.get(lib);
      const { baseline, latency } = runs.get(lib)!;
      return [
        lib,
        reason === undefined ? { ok: true, value: summarize(baseline, latency) } : { ok: false, reason },
      ];
    }),
  );
}

function summarize(baseline: number[], latency: Run[]): CallbackResult {
  const last = latency.at(-1)!;
  const reloads = latency.flatMap((r) => r.reloads ?? []);
  return {
    baselineMs: median(baseline),
    latencyMs: median(latency.map((r) => r.callback.ms)),
    baselineMinMs: Math.min(...baseline),
    latencyMinMs: Math.min(...latency.map((r) => r.callback.ms)),
    requests: Math.max(...latency.map((r) => r.callback.requests)),
    inSeriesRuns: latency.map((r) => r.callback.inSeries),
    requestList: last.callback.requestList,
    appInSeriesRuns: latency.map((r) => r.callback.appInSeries),
    reload: {
      ms: median(reloads.map((r) => r.ms)),
      minMs: Math.min(...reloads.map((r) => r.ms)),
      requests: Math.max(...reloads.map((r) => r.requests)),
      requestList: reloads.at(-1)?.requestList ?? [],
      appInSeriesRuns: reloads.map((r) => r.appInSeries),
    },
  };
}
