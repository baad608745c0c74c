// What a user relies on: when the access token goes bad with several createAuthFetch calls in flight, one refresh
// token is spent, not one per call. The first Bearer invalid_token 401 forces a refresh; a later 401 for the same old
// token (the slow call's) replays with the token the engine holds now, and forces nothing. A security review found
// each late 401 forcing a refresh of its own: N requests in flight spent up to N refresh tokens in a row. (Real
// FiefAuth engine, stub Fief.)
import { expect, it, vi } from 'vitest';
import { createAuthFetch } from '../authFetch.js';
import { useModelClock } from './modelRun.js';
import { InTestTabs, StubFief, tab } from './stubFiefKit.js';

useModelClock();

it('a late 401 for a token the engine already replaced replays with the new token, sending no refresh token', async () => {
  const fief = new StubFief();
  const a = tab(fief, new InTestTabs(), fief.session(), null);
  a.auth.start();
  await vi.advanceTimersByTimeAsync(100);
  let answerSlow = () => {};
  const api: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (new Headers(init?.headers).get('Authorization') !== 'Bearer at-1') return new Response('ok');
    // at-1 was revoked: every request that carries it is refused, the slow one later than the fast one.
    if (url.endsWith('/slow')) await new Promise<void>((resolve) => (answerSlow = resolve));
    return new Response(null, {
      status: 401,
      headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    });
  };
  const authFetch = createAuthFetch(a.auth, { origins: ['https://api.test'], fetch: api });
  const slow = authFetch('https://api.test/slow');
  const fast = authFetch('https://api.test/fast');
  await vi.advanceTimersByTimeAsync(1_000);
  expect((await fast).status).toBe(200); // refreshed once (rt-1), replayed with at-2
  expect(fief.sent).toEqual(['rt-1']);
  answerSlow();
  await vi.advanceTimersByTimeAsync(1_000);
  expect((await slow).status).toBe(200);
  expect(fief.sent).toEqual(['rt-1']); // at-2 was never refused: no second refresh
  a.auth.dispose();
});
