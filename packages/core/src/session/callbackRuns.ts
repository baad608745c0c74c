/**
 * The callback runs of one engine: one per callback URL (StrictMode, a double mount or a call after the URL was
 * cleaned get the first run's promise, while the tab still holds the tokens it held when that run ended), and whether
 * one is running (the tab does not settle on anonymous then).
 */

import { hasCallbackParams } from './callbackParams.js';
import type { FiefAuthCallbackResult } from './fiefAuthOptions.js';

/** See {@link callbackRuns}. */
export interface CallbackRuns {
  /** How many callbacks are running (0: none). */
  running(): number;
  /**
   * The run for the page at `href`: `run()` unless it is the previous run's URL (or that URL, cleaned) and that run is
   * still on its way, or ended (resolved, failed) while the tab held the tokens it still holds.
   */
  once(
    href: string | null,
    run: () => Promise<FiefAuthCallbackResult>,
    settled: () => void,
  ): Promise<FiefAuthCallbackResult>;
}

/** The engine's last run: its URL, and once it settled, the tokens the tab held then (a success: those it gave). */
interface LastRun {
  readonly href: string | null;
  promise: Promise<FiefAuthCallbackResult>;
  ended?: [FiefAuthCallbackResult['tokens'] | undefined];
}

/** The callback runs of a new engine, whose tab holds `heldTokens()`. */
export function callbackRuns(heldTokens: () => FiefAuthCallbackResult['tokens'] | undefined): CallbackRuns {
  let last: LastRun | null = null;
  let running = 0;
  return {
    running: () => running,
    once(href, run, settled) {
      // A tab that signed in or out, or whose tokens changed since, back on the cleaned URL (in-app Back) is answered
      // anew: the old result would hand the app tokens the tab no longer holds (and call `onSuccess` again), the old
      // failure would show a signed-in user an error.
      if (
        last !== null &&
        (href === null || href === last.href || !hasCallbackParams(href)) &&
        (!last.ended || last.ended[0] === heldTokens())
      )
        return last.promise;
      running += 1;
      const current = { href } as LastRun;
      // Nothing but the caller handles its promise: a failure the app ignores is still reported (`unhandledrejection`).
      current.promise = run().finally(() => {
        current.ended = [heldTokens()];
        running -= 1;
        settled();
      });
      last = current;
      return current.promise;
    },
  };
}
