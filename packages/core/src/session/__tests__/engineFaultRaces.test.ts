/**
 * Faults around a refresh that the engine must survive without spending a refresh token twice or ending a sign-in a
 * live tab holds (helper 19's attack): a full `localStorage`, an app listener that throws, a disposed engine asked
 * for a token.
 */

import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { loadSession } from '../sessionStore.js';
import { storageKey } from '../storage.js';
import { MODEL_CLIENT_ID, MODEL_ISSUER } from './modelFief.js';
import { useModelClock } from './modelRun.js';
import { ModelWorld } from './modelWorld.js';

useModelClock();

const NAMESPACE = `${MODEL_CLIENT_ID}@${MODEL_ISSUER}`;
/** The refresh of the model's session is due this long after the sign-in. */
const DUE_MS = 50_000;

function newWorld(withLocks: boolean, seed = 1): ModelWorld {
  return new ModelWorld(fc.sample(fc.scheduler(), { seed, numRuns: 1 })[0] as fc.Scheduler, withLocks);
}

/** Makes the world's `localStorage` refuse every write from now on (quota exceeded); reads still work. */
function fillLocalStorage(world: ModelWorld): void {
  world.local.setItem = () => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
}

describe('a full localStorage with Web Locks (no spent mark)', () => {
  it.each([1, 2])(
    'the tab next in the lock learns of the refresh before it could resend the token (seed %i)',
    async (seed) => {
      const world = newWorld(true, seed);
      try {
        const first = world.signIn();
        const session = loadSession(first.storage, NAMESPACE, MODEL_CLIENT_ID);
        const second = world.openTab(session);
        await world.landMessages();
        fillLocalStorage(world);
        await vi.advanceTimersByTimeAsync(DUE_MS + 1_000);
        await world.drain();
        expect(world.violations).toEqual([]);
        expect(first.auth.getSnapshot().status).toBe('authenticated');
        expect(second.auth.getSnapshot().status).toBe('authenticated');
      } finally {
        world.dispose();
      }
    },
  );
});

describe('an app listener that throws', () => {
  it('on the snapshot of a refresh that got no answer: the mark is withdrawn, and no tab ends the sign-in', async () => {
    const world = newWorld(true);
    try {
      const first = world.signIn();
      const session = loadSession(first.storage, NAMESPACE, MODEL_CLIENT_ID);
      const second = world.openTab(session);
      await world.landMessages();
      // An app's own listener, with a bug of its own: it throws when it sees an error in the snapshot.
      first.auth.subscribe(() => {
        if (first.auth.getSnapshot().error !== null) throw new Error('app listener failed');
      });
      // The first tab's refresh gets no answer: its refresh token was never used, and it is still good.
      world.fief.nextFault = 'dropBeforeAnswer';
      await vi.advanceTimersByTimeAsync(DUE_MS + 1_000);
      await world.drain();
      // Long enough for any wait on another tab's answer (33 s) to end.
      await vi.advanceTimersByTimeAsync(40_000);
      await world.drain();
      const mark = JSON.parse(world.local.getItem(storageKey('spent', NAMESPACE)) ?? 'null');
      // The refresh token was never used: no tab may end the sign-in for it.
      expect(second.auth.getSnapshot().error?.code).not.toBe('ERR_FIEF_REFRESH_LOST');
      expect(mark?.answered).not.toBe(false);
      expect(world.violations).toEqual([]);
    } finally {
      world.dispose();
    }
  });
});
