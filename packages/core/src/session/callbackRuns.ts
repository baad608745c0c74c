/**
 * The callback runs of one engine: one per callback URL (StrictMode, a double mount or a call after the URL was
 * cleaned get the first run's promise), and whether one is running (the tab does not settle on anonymous then).
 */

import { hasCallbackParams } from './callbackParams.js';
import type { FiefAuthCallbackResult } from './fiefAuthOptions.js';

/** See {@link callbackRuns}. */
export interface CallbackRuns {
  /** How many callbacks are running (0: none). */
  running(): number;
  /** The run for the page at `href`: `run()` unless it is the previous run's URL (or that URL, cleaned). */
  once(
    href: string | null,
    run: () => Promise<FiefAuthCallbackResult>,
    settled: () => void,
  ): Promise<FiefAuthCallbackResult>;
}

/** The callback runs of a new engine. */
export function callbackRuns(): CallbackRuns {
  let last: { href: string | null; promise: Promise<FiefAuthCallbackResult> } | null = null;
  let running = 0;
  return {
    running: () => running,
    once(href, run, settled) {
      if (last !== null && (href === null || href === last.href || !hasCallbackParams(href)))
        return last.promise;
      running += 1;
      const promise = run().finally(() => {
        running -= 1;
        settled();
      });
      last = { href, promise };
      return promise;
    },
  };
}
