// @vitest-environment node
/**
 * requireAuthLoader with no `window` (a loader run in Node: an app's unit test, a server's data router): after the
 * login started it waits as in a browser, until the request is abandoned, rather than failing on the restore listener
 * it cannot add.
 */
import { createTestFiefAuth } from '@fief-spa/core/testing';
import { describe, expect, it } from 'vitest';
import { requireAuthLoader } from '../index.js';

describe('requireAuthLoader without window', () => {
  it('stays pending after the login started, and rejects with the abort reason once abandoned', async () => {
    expect(typeof window).toBe('undefined');
    const auth = createTestFiefAuth();
    const controller = new AbortController();
    const request = new Request('https://app.example/account', { signal: controller.signal });
    const outcome = requireAuthLoader(auth)({ request, params: {}, context: undefined } as never).then(
      () => 'resolved',
      (error: unknown) => error,
    );

    const early = await Promise.race([outcome, new Promise((resolve) => setTimeout(resolve, 50, 'pending'))]);
    expect(early).toBe('pending');
    expect(auth.calls.map((call) => call.method)).toEqual(['redirectToLogin']);
    const reason = new Error('navigated elsewhere');
    controller.abort(reason);
    expect(await outcome).toBe(reason);
  });
});
