/**
 * h46 finding 3: without shared storage, a logout names the sign-in it ended (`ended`: its sid and `createdAt`), and a
 * tab holding "a later sign-in" keeps it (8377df8, for a message that waited for its engine). Sent at once by a tab
 * that had not heard of the other's newer sign-in yet (it just opened, its answer on its way), that later sign-in was
 * made before the click: the other tab stays signed in, while the tab that signed out refuses it (75d7ab3's
 * `loggedOutAt`). With shared storage the logout mark ends it in every tab.
 */
import { describe, expect, it, vi } from 'vitest';
import { InTestTabs, StubFief, tab } from './stubFiefKit.js';

describe('a logout in a tab that had not heard of a newer sign-in yet, no shared storage', () => {
  it('signs the other tab out of the sign-in made before the click', async () => {
    vi.useFakeTimers();
    try {
      const fief = new StubFief();
      const tabs = new InTestTabs();
      tabs.latencyMs = 50;
      const older = fief.session('sid-old');
      await vi.advanceTimersByTimeAsync(1_000);
      const newer = fief.session('sid-new');
      const a = tab(fief, tabs, newer, null);
      a.auth.start();
      await vi.advanceTimersByTimeAsync(1_000);
      // Tab B, restored with the older sign-in in its own storage, signs out before A's answer landed.
      const b = tab(fief, tabs, older, null);
      b.auth.start();
      await vi.advanceTimersByTimeAsync(10);
      await b.auth.logout('https://app.example/').catch(() => {});
      await vi.advanceTimersByTimeAsync(2_000);

      expect(b.auth.getSnapshot().status).toBe('anonymous');
      expect(a.auth.getSnapshot().status).toBe('anonymous');
      a.auth.dispose();
      b.auth.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});
