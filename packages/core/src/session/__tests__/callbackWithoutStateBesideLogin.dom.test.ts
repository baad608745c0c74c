/**
 * A callback URL without `state` handled by an engine while a real login's callback of the same engine is on its
 * way (the app moved the address with `history.pushState` and called `authCallback` again). The no-`state` wait lets
 * the tab settle (`SessionEngine.stateless`), but only on its own account: the real callback's hold (no settling on
 * anonymous before its answer) must stay, else a page loaded on the callback settles on anonymous, then `error`, with
 * the login's tokens on their way (a guard would start a second login over it).
 */

import { DEMO_USER } from '@fief-spa/dev-server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FiefAuthState } from '../authState.js';
import { REDIRECT_URI, sessionChunkArrived, sleep, useAuthHarness, waitFor } from './authTestKit.js';
import { callbackPage } from './callbackPages.js';
import { holdTokenRequests } from './heldTokenRequests.js';

const harness = useAuthHarness();

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a callback URL without state beside a real callback of the same engine', () => {
  it('keeps the tab loading until the real login lands, then both resolve with its session', async () => {
    // The login made in this page; then the page loads again on its callback URL: nothing stored, asks the tabs.
    const { auth: before, url } = await callbackPage(harness);
    before.dispose();
    const auth = harness.engine();
    const statuses: FiefAuthState['status'][] = [];
    auth.subscribe(() => statuses.push(auth.getSnapshot().status));
    await sessionChunkArrived();
    expect(auth.getSnapshot().status).toBe('loading');

    const requests = holdTokenRequests();
    const login = auth.authCallback(REDIRECT_URI);
    await waitFor(() => requests.sent() === 1, 2_000, 'the code exchange to be sent');
    // The app moves the address (no `state`) and asks again: a second run, for that URL.
    window.history.pushState(null, '', `${REDIRECT_URI}?code=forged-code`);
    const bare = auth.authCallback(REDIRECT_URI).catch((error: unknown) => error);
    // Well past the other tabs' time to answer (150 ms): none does.
    await sleep(400);

    expect(statuses).toEqual([]);
    expect(auth.getSnapshot().status).toBe('loading');
    requests.releaseAll();

    expect((await login).userinfo.email).toBe(DEMO_USER.email);
    expect(await bare).toMatchObject({ alreadySignedIn: true, returnTo: '/' });
    expect(auth.getSnapshot().status).toBe('authenticated');
    expect(statuses).toEqual(['authenticated']);
    expect(url).toContain('state=');
  });
});
