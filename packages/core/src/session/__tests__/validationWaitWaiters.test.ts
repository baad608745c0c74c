/**
 * The wait for the validation code listens for a change of session; once it ends, it stops listening. Each refresh
 * during an outage left one waiter behind until the session changed (helper 24, finding 3).
 */
import { describe, expect, it, vi } from 'vitest';
import { SessionKeeper } from '../sessionKeeper.js';
import { MemoryStorage } from '../storage.js';
import { useModelClock } from './modelRun.js';
import { InTestTabs, StubFief, tab } from './stubFiefKit.js';

useModelClock();

describe('the wait for the validation code', () => {
  it('leaves no listener on the session behind (one per refresh during an outage)', async () => {
    let listening = 0;
    const original = SessionKeeper.prototype.subscribe;
    const spy = vi.spyOn(SessionKeeper.prototype, 'subscribe').mockImplementation(function (
      this: SessionKeeper,
      listener: () => void,
    ) {
      listening += 1;
      const unsubscribe = original.call(this, listener);
      let counted = true;
      return () => {
        if (counted) listening -= 1;
        counted = false;
        unsubscribe();
      };
    });
    try {
      const fief = new StubFief();
      const a = tab(fief, new InTestTabs(), fief.session(), new MemoryStorage());
      a.auth.start();
      const before = listening;
      fief.down = true;
      await vi.advanceTimersByTimeAsync(50_000);
      // The API refuses the token now and then (each forced call refreshes, and fails, during the outage).
      for (let i = 0; i < 200; i++) {
        await a.auth.getAccessToken({ forceRefresh: true });
        await vi.advanceTimersByTimeAsync(1_000);
      }
      const failures = a.events.filter((e) => e.type === 'refresh.failed').length;
      expect(failures).toBeGreaterThan(150);
      // Every refresh ended, and stopped listening.
      expect(listening).toBe(before);
      a.auth.dispose();
    } finally {
      spy.mockRestore();
    }
  });
});
