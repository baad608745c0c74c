/**
 * The callback runs of one engine: one per callback URL (StrictMode, a double mount or a call after the URL was
 * cleaned get the first run's promise, while the tab still holds the tokens it gave), and whether one is running (the
 * tab does not settle on anonymous then).
 */

import { hasCallbackParams } from './callbackParams.js';
import type { FiefAuthCallbackResult } from './fiefAuthOptions.js';

/** See {@link callbackRuns}. */
export interface CallbackRuns {
  /** How many callbacks are running (0: none). */
  running(): number;
  /**
   * The run for the page at `href`: `run()` unless it is the previous run's URL (or that URL, cleaned) and that run is
   * still on its way, failed, or gave the tokens the tab still holds.
   */
  once(
    href: string | null,
    run: () => Promise<FiefAuthCallbackResult>,
    settled: () => void,
  ): Promise<FiefAuthCallbackResult>;
}

/** The engine's last run: its URL, and its result once it succeeded. */
interface LastRun {
  readonly href: string | null;
  readonly promise: Promise<FiefAuthCallbackResult>;
  result?: FiefAuthCallbackResult;
}

/** The callback runs of a new engine, whose tab holds `heldTokens()`. */
export function callbackRuns(heldTokens: () => FiefAuthCallbackResult['tokens'] | undefined): CallbackRuns {
  let last: LastRun | null = null;
  let running = 0;
  return {
    running: () => running,
    once(href, run, settled) {
      // A tab that signed out, or whose tokens changed since, back on the cleaned URL (in-app Back) is answered anew:
      // the old result would hand the app tokens the tab no longer holds, and call `onSuccess` again.
      if (
        last !== null &&
        (href === null || href === last.href || !hasCallbackParams(href)) &&
        (last.result === undefined || last.result.tokens === heldTokens())
      )
        return last.promise;
      running += 1;
      const promise = run().finally(() => {
        running -= 1;
        settled();
      });
      const current = { href, promise } as NonNullable<typeof last>;
      promise.then(
        (result) => {
          current.result = result;
        },
        () => {},
      );
      last = current;
      return promise;
    },
  };
}
