/**
 * A disposed engine hears the tabs while its token request is on its way (`signOutDuringDisposedRequest.test.ts`),
 * and now also until it has adopted the answer: it stopped hearing as soon as Fief answered, before validating that
 * answer (the protocol chunk, a WebCrypto verify: real async work). Without shared storage (no logout mark), a
 * sign-out in that gap was missed: the engine adopted, broadcast and handed out a token of the ended sign-in, then
 * answered the tabs with it for ~34 s, so a new tab came up signed in (found by a review, h37 finding 1).
 */
import { expect, it, vi } from 'vitest';
import { useModelClock } from './modelRun.js';
import { newTabStatus, twoTabs } from './stubFiefKit.js';

useModelClock();

it('no shared storage: B signs out while disposed A validates Fief’s answer: A ends, hands out nothing, a new tab C stays signed out', async () => {
  const { fief, tabs, a, b } = await twoTabs(null, { mounted: true });
  a.auth.dispose(); // A's provider unmounted
  // Validating the answer takes a moment (a chunk, WebCrypto); the test says when it is done.
  let validating = false;
  let release = () => {};
  const validate = fief.validateAccessToken.bind(fief);
  fief.validateAccessToken = () => {
    validating = true;
    return new Promise((resolve) => {
      release = () => resolve(validate());
    });
  };
  const token = a.auth.getAccessToken({ forceRefresh: true }); // A's loader asks (an API refused at-1)
  await vi.advanceTimersByTimeAsync(1_000); // A asked the tabs (500 ms), sent rt-1, Fief answered
  expect(fief.sent).toEqual(['rt-1']);
  expect(validating).toBe(true); // A is validating Fief's answer
  await b.auth.logout('https://app.test/').catch(() => {});
  expect(b.auth.getSnapshot().status).toBe('anonymous');
  await vi.advanceTimersByTimeAsync(100); // B's sign-out reached every tab that listens
  release();
  await vi.advanceTimersByTimeAsync(6_000);
  // B's page comes back from Fief's logout page: a new engine, nothing stored, asks the tabs.
  expect(await newTabStatus(fief, tabs)).toBe('anonymous');
  expect(a.auth.getSnapshot().status).toBe('anonymous');
  await expect(token).resolves.toBeNull();
});
