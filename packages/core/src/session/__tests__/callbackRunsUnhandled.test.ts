/**
 * `authCallback`'s promise is the caller's own: a failure the app does not handle is reported by the page
 * (`unhandledrejection`, what error trackers listen to), as before the engine kept its runs' results (b6f5a3e caught
 * every failure of the promise it returned, to record the result, and so silenced them).
 */

import { afterEach, expect, it } from 'vitest';
import { callbackRuns } from '../callbackRuns.js';

const vitestListeners = process.listeners('unhandledRejection');

afterEach(() => {
  process.removeAllListeners('unhandledRejection');
  for (const listener of vitestListeners) process.on('unhandledRejection', listener);
});

it('a failed callback that nobody handles is an unhandled rejection', async () => {
  const unhandled: unknown[] = [];
  process.removeAllListeners('unhandledRejection');
  process.on('unhandledRejection', (reason) => unhandled.push(reason));
  const refusal = new Error('missing_state');

  void callbackRuns(() => undefined).once(
    'https://app.example/callback',
    () => Promise.reject(refusal),
    () => {},
  );
  await new Promise((resolve) => setTimeout(resolve, 20));

  expect(unhandled).toEqual([refusal]);
});
