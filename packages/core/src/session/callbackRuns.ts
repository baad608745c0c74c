/**
 * The callback runs of one engine: one per callback URL (StrictMode, a double mount or a call after the URL was
 * cleaned get the first run's promise), and whether one is running (the tab does not settle on anonymous then).
 */

import { hasCallbackParams } from './callbackParams.js';
import type { FiefAuthCallbackResult } from './fiefAuthOptions.js';

export class CallbackRuns {
  #last: { href: string | null; promise: Promise<FiefAuthCallbackResult> } | null = null;
  #running = 0;

  /** Whether a callback is running. */
  get running(): boolean {
    return this.#running > 0;
  }

  /** The run for the page at `href`: `run()` unless it is the previous run's URL (or that URL, cleaned). */
  once(
    href: string | null,
    run: () => Promise<FiefAuthCallbackResult>,
    settled: () => void,
  ): Promise<FiefAuthCallbackResult> {
    const previous = this.#last;
    if (previous !== null && (href === null || href === previous.href || !hasCallbackParams(href))) {
      return previous.promise;
    }
    this.#running += 1;
    const promise = run().finally(() => {
      this.#running -= 1;
      settled();
    });
    this.#last = { href, promise };
    return promise;
  }
}
