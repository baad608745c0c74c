/**
 * Sequences the model found with an engine disposed while the app's code asks it for a token
 * (`TokenWhileUnmounted`), shrunk and kept by name, each replayed under many orders of answers and messages.
 */

import { describe, it } from 'vitest';
import {
  AdvanceClock,
  CloseTab,
  Deliver,
  Drain,
  Fault,
  GetAccessToken,
  OpenTab,
  Remount,
  TokenWhileUnmounted,
  UserInfo,
  Wake,
} from './modelCommands.js';
import { everyOrder, useModelClock } from './modelRun.js';

useModelClock();

describe('an engine refreshing while disposed', () => {
  it('hears the session another tab refreshed from its refresh token, instead of waiting 33 s and signing out', async () => {
    // seed 2102471900: tab 1, disposed, found its refresh token spent by tab 0 and asked for the new session, but
    // could not hear the answer (its channel closed); it signed out after 33 s.
    await everyOrder(false, [
      new AdvanceClock(45_000),
      new OpenTab(),
      new Drain(),
      new TokenWhileUnmounted(1),
    ]);
  });

  it('tells its refresh to the tabs, also when they wake and refresh at the same time (seed -1483135663)', async () => {
    await everyOrder(false, [
      new OpenTab(),
      new AdvanceClock(500),
      new Wake(120_000),
      new GetAccessToken(0),
      new TokenWhileUnmounted(3),
      new OpenTab(),
    ]);
  });

  it('a tab closed while its lock request waits never gets that lock (as in a browser): the next tab is not signed out', async () => {
    // seed -1412467169: the model granted a closed tab's waiting request, which sent the refresh token and left an
    // unanswered mark; the next tab in the lock read it as a request lost with its tab and ended the sign-in.
    await everyOrder(true, [
      new OpenTab(),
      new Drain(),
      new TokenWhileUnmounted(3),
      new CloseTab(1),
      new TokenWhileUnmounted(0),
      new Drain(),
    ]);
  });

  it('a tab closed while its app call refreshes may lose that answer: the next tab ending the sign-in is explained', async () => {
    // seed 168085578: the model did not count a call of the app that had the lock but had not sent its request yet.
    await everyOrder(true, [
      new OpenTab(),
      new Drain(),
      new TokenWhileUnmounted(1),
      new TokenWhileUnmounted(0),
      new UserInfo(0, false),
      new CloseTab(3),
      new Deliver(1),
    ]);
  });

  it("a tab waiting on another tab's refresh waits for its second attempt too (the first timed out) (seed 359802937)", async () => {
    // Without the attempt in the mark, the waiting tab (lease) missed the 30 ms the mark was withdrawn, counted its
    // 33 s from the first attempt, and ended the sign-in while the second request was on its way.
    await everyOrder(false, [
      new TokenWhileUnmounted(0),
      new OpenTab(),
      new Fault('hang'),
      new Remount(0),
      new AdvanceClock(500),
      new Wake(120_000),
      new Remount(1),
      new TokenWhileUnmounted(0),
      new Fault('hang'),
      new Deliver(1),
    ]);
  });

  it('the only tab holding the newest session closes as another remounts (its broadcast missed): explained (seed 786205582)', async () => {
    await everyOrder(false, [
      new OpenTab(),
      new AdvanceClock(55_000),
      new Deliver(1),
      new OpenTab(),
      new Deliver(1),
      new CloseTab(0),
      new TokenWhileUnmounted(0),
      new Drain(),
    ]);
  });

  it('the only tab holding the newest session closes as another is disposed: explained (seed -988340441)', async () => {
    await everyOrder(false, [
      new Drain(),
      new OpenTab(),
      new Drain(),
      new AdvanceClock(45_000),
      new Remount(1),
      new Deliver(2),
      new CloseTab(0),
      new GetAccessToken(1),
      new TokenWhileUnmounted(3),
      new AdvanceClock(45_000),
    ]);
  });

  it('a forced call made while unmounted, across two remounts, gets a new token (seed 2101244115, helper 25)', async () => {
    // The second call joined the refresh of the remounted engine, which the next unmount abandoned: it got the old
    // access token although Fief was up.
    await everyOrder(false, [
      new AdvanceClock(5_000),
      new AdvanceClock(45_000),
      new TokenWhileUnmounted(0),
      new Remount(0),
      new Remount(0),
      new TokenWhileUnmounted(0),
      new Drain(),
    ]);
  });

  it('a forced call while unmounted after a wake, then two remounts, gets a new token (seed -1290349064, helper 27)', async () => {
    // Without Web Locks: the refresh it shared gave up when its lease expired in the sleep; the call answered null.
    await everyOrder(false, [
      new TokenWhileUnmounted(0),
      new Wake(120_000),
      new TokenWhileUnmounted(0),
      new Remount(0),
      new Remount(0),
      new AdvanceClock(500),
    ]);
  });

  it('forced calls while unmounted in two tabs, a user-info answer landing meanwhile: a new token (seed 2014181980, helper 27)', async () => {
    // The user-info answer (same generation) ended tab 0's wait for the session tab 1 refreshed: the old token.
    await everyOrder(true, [
      new OpenTab(),
      new Remount(0),
      new Drain(),
      new UserInfo(0, false),
      new TokenWhileUnmounted(1),
      new TokenWhileUnmounted(0),
    ]);
  });

  it('a forced call while unmounted, as a refresh of its tab finds nothing due, gets a newer token (seed -1885027027)', async () => {
    // The app's call (mounted) had started a refresh that found the new session not due; the forced call shared it
    // and got back the token its API had just refused.
    await everyOrder(false, [
      new AdvanceClock(55_000),
      new Deliver(1),
      new Deliver(1),
      new GetAccessToken(0),
      new TokenWhileUnmounted(0),
      new Drain(),
    ]);
  });
});
