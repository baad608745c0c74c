/**
 * The spent mark says whether the tab that spent a refresh token got Fief's answer (`answered`). With Web Locks that
 * tab holds the lock until it has the answer, so a tab that gets the lock and finds the mark still unanswered knows
 * the spending tab went away with its request: its sign-in ends at once rather than after waiting for an answer that
 * cannot come. A lease, an answered mark or a mark of an earlier release (no `answered`) keeps the wait.
 */

import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { REQUEST_TIMEOUT_MS } from '../../protocol/transport.js';
import { STORAGE_VERSION, storageKey } from '../storage.js';
import { NEWS_LANDED_MS } from '../tabSync.js';
import { CloseTab } from './modelCommands.js';
import { MODEL_CLIENT_ID, MODEL_ISSUER } from './modelFief.js';
import { useModelClock } from './modelRun.js';
import { ModelWorld } from './modelWorld.js';

useModelClock();

/** The refresh of the model's session is due this long after the sign-in. */
const DUE_MS = 50_000;

describe('a refresh token another tab spent, as its mark says', () => {
  it.each([
    { case: 'unanswered, with Web Locks', answered: false, withLocks: true, endsAfterMs: 0, ends: 'at once' },
    {
      case: 'unanswered, with a lease',
      answered: false,
      withLocks: false,
      endsAfterMs: REQUEST_TIMEOUT_MS + 3_000,
      ends: 'once the request could no longer answer',
    },
    {
      case: 'answered, with Web Locks',
      answered: true,
      withLocks: true,
      endsAfterMs: REQUEST_TIMEOUT_MS + 3_000,
      ends: 'once the request could no longer answer',
    },
    {
      // Another tab may hold that later generation: it is asked for it, as long as the request could answer.
      case: 'unanswered for a later generation, with Web Locks',
      answered: false,
      generation: 1,
      withLocks: true,
      endsAfterMs: REQUEST_TIMEOUT_MS + 3_000,
      ends: 'once the request could no longer answer',
    },
    {
      case: 'written by an earlier release (no answered), with Web Locks',
      answered: undefined,
      withLocks: true,
      endsAfterMs: REQUEST_TIMEOUT_MS + 3_000,
      ends: 'once the request could no longer answer',
    },
  ])(
    '$case: the sign-in ends $ends, and no refresh token is sent',
    async ({ answered, generation = 0, withLocks, endsAfterMs }) => {
      const world = new ModelWorld(
        fc.sample(fc.scheduler(), { seed: 1, numRuns: 1 })[0] as fc.Scheduler,
        withLocks,
      );
      try {
        const tab = world.signIn();
        // Another tab (gone since) sent this refresh token: the mark it left is all that remains of it.
        const mark = {
          v: STORAGE_VERSION,
          sid: 'model-sign-in-0001',
          generation,
          by: 'a-gone-tab',
          answered,
        };
        world.local.setItem(storageKey('spent', `${MODEL_CLIENT_ID}@${MODEL_ISSUER}`), JSON.stringify(mark));
        for (const signIn of world.fief.signIns.all) signIn.lostWithTab = true;

        const endsAt = DUE_MS + endsAfterMs;
        await vi.advanceTimersByTimeAsync(endsAt - 1_000);
        expect(tab.auth.getSnapshot()).toMatchObject({ status: 'authenticated', error: null });
        await vi.advanceTimersByTimeAsync(2_000);
        expect(tab.auth.getSnapshot()).toMatchObject({
          status: 'anonymous',
          error: { code: 'ERR_FIEF_REFRESH_LOST' },
        });
        expect(world.fief.inFlight).toBe(0);
        expect(world.violations).toEqual([]); // among them: a refresh token sent twice
      } finally {
        world.dispose();
      }
    },
  );

  it('with Web Locks, a tab closed while its token request is on its way: the other tab ends the sign-in once the news had time to land', async () => {
    const world = new ModelWorld(fc.sample(fc.scheduler(), { seed: 1, numRuns: 1 })[0] as fc.Scheduler, true);
    try {
      const a = world.signIn();
      const b = world.openTab();
      await vi.advanceTimersByTimeAsync(1_000);
      await world.landMessages();
      expect(b.auth.getSnapshot().status).toBe('authenticated');
      // Both refreshes are due: one tab gets the lock and sends the token request (its answer held back), the other
      // waits for the lock.
      await vi.advanceTimersByTimeAsync(DUE_MS - 1_000);
      const spender = [a, b].find((tab) => tab.refreshing);
      const other = spender === a ? b : a;
      expect(spender).toBeDefined();
      expect(world.fief.inFlight).toBe(1);

      await new CloseTab(spender?.id ?? -1).run({}, world);
      // The mark's answer, or the session, might still be on its way through a slow `localStorage`: waited for once.
      await vi.advanceTimersByTimeAsync(NEWS_LANDED_MS + 100);

      expect(other.auth.getSnapshot()).toMatchObject({
        status: 'anonymous',
        error: { code: 'ERR_FIEF_REFRESH_LOST' },
      });
      expect(world.violations).toEqual([]); // among them: the refresh token sent twice
    } finally {
      world.dispose();
    }
  });

  it('a tab that got the answer marks it, under the lock, before another tab reads it', async () => {
    const world = new ModelWorld(fc.sample(fc.scheduler(), { seed: 1, numRuns: 1 })[0] as fc.Scheduler, true);
    try {
      const tab = world.signIn();
      await vi.advanceTimersByTimeAsync(DUE_MS);
      await world.drain();
      expect(tab.auth.getSnapshot().tokenInfo?.access_token).toBe('at-2');
      const stored = JSON.parse(
        world.local.getItem(storageKey('spent', `${MODEL_CLIENT_ID}@${MODEL_ISSUER}`)) ?? '{}',
      );
      expect(stored).toMatchObject({ generation: 0, answered: true });
    } finally {
      world.dispose();
    }
  });
});
