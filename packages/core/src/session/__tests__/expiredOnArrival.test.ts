/**
 * A Fief whose access tokens expire before they arrive (a lifetime shorter than the request, a misconfigured
 * server): each answer is a new generation, which reset the backoff, so a signed-in tab asked Fief every second or
 * two for as long as it stayed open. Such answers now count as failures and back off as failures do; one answer
 * that arrives valid brings the usual schedule back.
 */
import { expect, it, vi } from 'vitest';
import { useModelClock } from './modelRun.js';
import { InTestTabs, StubFief, tab } from './stubFiefKit.js';

useModelClock();

it('answers that expire on their way back off (2 s, 4 s, 8 s ...), and a valid one brings the usual schedule back', async () => {
  const fief = new StubFief();
  const tabs = new InTestTabs();
  const a = tab(fief, tabs, fief.session(), null);
  a.auth.start();
  await vi.advanceTimersByTimeAsync(1_000);
  fief.latencyMs = 1_000;
  fief.ttlSeconds = 0.5;
  // The stored session falls due: from now on every answer lands expired.
  await vi.advanceTimersByTimeAsync(60_000);
  const whileBroken = fief.sent.length;
  await vi.advanceTimersByTimeAsync(60_000);
  // Over the second minute: at most a few requests (backing off up to a minute), not ~30.
  expect(fief.sent.length - whileBroken).toBeLessThanOrEqual(3);
  expect(whileBroken).toBeLessThanOrEqual(8);
  fief.ttlSeconds = 3_600;
  await vi.advanceTimersByTimeAsync(70_000);
  const fixed = fief.sent.length;
  expect(a.auth.getSnapshot().status).toBe('authenticated');
  // Valid again: the next refresh is due near the token's end (an hour), not at the backoff's pace.
  await vi.advanceTimersByTimeAsync(30 * 60_000);
  expect(fief.sent.length).toBe(fixed);
  expect(new Set(fief.sent).size).toBe(fief.sent.length);
  a.auth.dispose();
});
