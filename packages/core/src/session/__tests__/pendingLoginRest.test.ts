// The entry chunk's parser of a pending login checks only what the token request and the checks before it use;
// `returnTo`, `acrValues` and `maxAge` are checked in the session's chunk after the token answer
// (`pendingLoginRest.ts`). Stored data is untrusted: a record with one of them not as `redirectToLogin` wrote it is
// refused as before (`unknown_state`), never crashes, and is never trusted (no session comes out of it).
import { describe, expect, it } from 'vitest';
import { FiefAuthCallbackError } from '../fiefAuthCallbackError.js';
import { prunePendingLogins } from '../loginRedirect.js';
import { pendingLoginKey } from '../pendingLogin.js';
import { MemoryStorage } from '../storage.js';
import { callbackOf, STATE, stored } from './pendingLoginRestKit.js';

const HOSTILE: Record<string, unknown>[] = [
  { returnTo: 42 },
  { returnTo: null },
  { returnTo: 'https://evil.example/' },
  { returnTo: { toString: '/' } },
  { acrValues: 1 },
  { acrValues: ['1'] },
  { acrValues: { split: 'x' } },
  { maxAge: -1 },
  { maxAge: 1.5 },
  { maxAge: '300' },
  { maxAge: 2 ** 60 },
  { maxAge: { valueOf: 300 } },
];

describe('the fields of a pending login read after the token request', () => {
  it('a login as redirectToLogin wrote it goes through (step-up and max_age asked)', async () => {
    await expect(callbackOf(stored({ acrValues: '1', maxAge: 300 }))).resolves.toMatchObject({
      returnTo: '/account',
      session: { userinfo: { sub: 'u1' } },
    });
  });

  it.each(HOSTILE.map((rest) => [JSON.stringify(rest), rest] as const))(
    'a stored %s is refused as not ours (unknown_state), with no session',
    async (_name, rest) => {
      const failure = await callbackOf(stored(rest));
      expect(failure).toBeInstanceOf(FiefAuthCallbackError);
      expect(failure).toMatchObject({
        reason: 'unknown_state',
        message: expect.stringMatching(/^expected the state of a login started in this tab/),
      });
    },
  );

  it('a fresh stored record with one of them malformed is pruned as unreadable, a well-formed one kept', () => {
    const storage = new MemoryStorage();
    for (const [index, rest] of HOSTILE.entries()) {
      storage.setItem(
        pendingLoginKey(`state-hostile-${index}`),
        stored({ ...rest, state: `state-hostile-${index}` }),
      );
    }
    storage.setItem(pendingLoginKey(STATE), stored({ acrValues: '0 1', maxAge: 0 }));

    prunePendingLogins(storage, Date.now());

    const left = Array.from({ length: storage.length }, (_, index) => storage.key(index));
    expect(left).toEqual([pendingLoginKey(STATE)]);
  });
});
