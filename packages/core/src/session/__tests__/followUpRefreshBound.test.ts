/**
 * The app's call refreshes again when a refresh brought another session still expired (`RefreshDriver.#validAfter`),
 * at most twice. Where every answer lands expired (a token lifetime shorter than the request) or another expired
 * sign-in keeps arriving, a call still settles after three token requests at most, and never sends a refresh token
 * twice.
 */
import { expect, it, vi } from 'vitest';
import { useModelClock } from './modelRun.js';
import { grantedSession } from './sessionFixtures.js';
import { anotherTabOn, CLIENT, InTestTabs, StubFief, tab } from './stubFiefKit.js';

useModelClock();

it('every answer expired on arrival: a forced call sends three refresh tokens at most, and settles', async () => {
  const fief = new StubFief();
  const a = tab(fief, new InTestTabs(), fief.session(), null);
  a.auth.start();
  await vi.advanceTimersByTimeAsync(1_000);
  fief.latencyMs = 1_000;
  fief.ttlSeconds = 0.5;
  for (let call = 1; call <= 3; call += 1) {
    const before = fief.sent.length;
    let settled = false;
    const token = a.auth.getAccessToken({ forceRefresh: true }).finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(settled).toBe(true);
    await expect(token).resolves.toBeNull();
    expect(fief.sent.length - before).toBeGreaterThanOrEqual(1);
    expect(fief.sent.length - before).toBeLessThanOrEqual(3);
  }
  expect(new Set(fief.sent).size).toBe(fief.sent.length);
  a.auth.dispose();
});

it('a storm of new sign-ins, each expired as it lands: a call settles after three refreshes at most', async () => {
  const fief = new StubFief();
  const tabs = new InTestTabs();
  const another = anotherTabOn(tabs);
  const a = tab(fief, tabs, fief.session(), null, 10, { channel: another.channel });
  a.auth.start();
  await vi.advanceTimersByTimeAsync(1_000);
  fief.latencyMs = 1_000;
  // Another tab signs in again every 1.5 s (as each refresh lands); each new sign-in's tokens have expired by the time
  // this tab has it (the machine slept).
  let signIns = 0;
  let storming = true;
  const signInAgain = (): void => {
    if (!storming) return;
    signIns += 1;
    const tokens = { ...fief.issue(), expires_in: 0 };
    const session = grantedSession(`sid-new-${signIns}`, CLIENT, tokens, fief.claims());
    another.post({ p: 'fief-spa/1', from: 'b', kind: 'session', session });
    setTimeout(signInAgain, 1_500);
  };
  signInAgain();
  const before = fief.sent.length;
  let sentByCall = Number.POSITIVE_INFINITY;
  const token = a.auth.getAccessToken({ forceRefresh: true }).finally(() => {
    sentByCall = fief.sent.length - before;
  });
  await vi.advanceTimersByTimeAsync(10_000);
  expect(sentByCall).toBeGreaterThanOrEqual(1);
  expect(sentByCall).toBeLessThanOrEqual(3);
  await expect(token).resolves.toBeNull();
  // The storm goes on: each sign-in adopted is refreshed once, none twice.
  await vi.advanceTimersByTimeAsync(20_000);
  storming = false;
  expect(signIns).toBeGreaterThan(10);
  expect(new Set(fief.sent).size).toBe(fief.sent.length);
  a.auth.dispose();
});
