/**
 * A refresh whose request went out before this tab adopted another sign-in, and whose answer then failed (Fief
 * answered, but the ID token was unusable: the refresh token is spent), is remembered as spent (`refreshFailed`), as
 * a successful one is (`refreshLocked`): a tab that still holds that generation (its provider unmounted meanwhile)
 * is told it ended, rather than sending the spent refresh token.
 */

import { expect, it, vi } from 'vitest';
import {
  AdvanceClock,
  ComeBack,
  Fault,
  GetAccessToken,
  OpenTab,
  Remount,
  TokenWhileUnmounted,
  Unmount,
  Wake,
} from './modelCommands.js';
import { replay, useModelClock } from './modelRun.js';
import { SignInAgain } from './modelSignInAgain.js';
import { grantedSession } from './sessionFixtures.js';
import { anotherTabOn, CLIENT, InTestTabs, StubFief, tab } from './stubFiefKit.js';

useModelClock();

it('without shared storage, a refresh that failed after this tab adopted a new sign-in is told to a tab holding its generation', async () => {
  // Was: 'refresh token rt-1 sent twice'. X sent rt-1; a new sign-in arrived and X adopted it; Fief's answer came
  // with an unusable ID token (rt-1 spent). X ended nothing (its session had moved on) and remembered nothing; once the
  // new sign-in ended too, Y (holding rt-1, deaf meanwhile) asked, heard nothing of it, and sent rt-1.
  const fief = new StubFief();
  const tabs = new InTestTabs();
  const another = anotherTabOn(tabs);
  const first = fief.session('sid-1');
  const x = tab(fief, tabs, first, null, 10, { channel: another.channel });
  const y = tab(fief, tabs, first, null); // a page holding it, not listening (its provider unmounted)
  x.auth.start();
  fief.latencyMs = 5_000;
  await vi.advanceTimersByTimeAsync(50_100);
  expect(fief.sent).toEqual(['rt-1']);
  // A new sign-in (whose refresh token Fief will refuse) reaches X while rt-1's answer is on its way.
  const tokens = { access_token: 'at-new', id_token: 'id-new', token_type: 'bearer', expires_in: 30 };
  const next = grantedSession('sid-2', CLIENT, { ...tokens, refresh_token: 'rt-new' }, fief.claims());
  const message = { p: 'fief-spa/1', from: 'z', kind: 'session', session: next };
  another.post(message);
  // The answer names another user: unusable, and rt-1 is spent.
  const claims = fief.claims;
  fief.claims = () => ({ ...claims.call(fief), sub: 'u-2' });
  await vi.advanceTimersByTimeAsync(5_000);
  fief.claims = claims;
  fief.latencyMs = 0;
  // The new sign-in ends at its refresh (rt-new refused): X holds nothing.
  await vi.advanceTimersByTimeAsync(30_000);
  expect(fief.sent).toContain('rt-new');
  expect(x.auth.getSnapshot().status).toBe('anonymous');
  // Y is asked for a token: it asks the tabs before it spends rt-1, and X tells it ended.
  const token = y.auth.getAccessToken();
  await vi.advanceTimersByTimeAsync(5_000);
  expect(fief.sent.filter((rt) => rt === 'rt-1')).toHaveLength(1);
  await expect(token).resolves.toBeNull();
  x.auth.dispose();
  y.auth.dispose();
});

it('the sequence the model found: a refresh whose answer was dropped after the tab adopted a later sign-in (no-shared seed 6060601)', async () => {
  await replay(
    [
      new GetAccessToken(0),
      new Unmount(0, 55_000),
      new OpenTab(),
      new OpenTab(),
      new SignInAgain(1, 55_000),
      // Found before the login's code exchange could meet a fault: after the sign-in, it still hits a refresh.
      new Fault('dropAfterAnswer'),
      new ComeBack(2, false, 0),
      new TokenWhileUnmounted(3),
      new SignInAgain(2, 55_000),
      new Remount(1),
      new Wake(120_000),
      new AdvanceClock(55_000),
      new Remount(2),
    ],
    { withSharedStorage: false },
    6_060_601,
  );
});
