// A pending login whose `returnTo` was tampered with in storage: the entry sends the token request (the fields it
// uses are sound), the session's chunk refuses the record after the answer. The tab keeps nothing of that login
// (trusted, the record's tokens would be kept, the path made `/`).
import { describe, expect, it } from 'vitest';
import { pendingLoginKey } from '../pendingLogin.js';
import {
  loginUntilCallback,
  REDIRECT_URI,
  recordNavigation,
  tokenRequests,
  useAuthHarness,
} from './authTestKit.js';

const harness = useAuthHarness();

describe('a callback whose stored login has a field read after the token request tampered with', () => {
  it('is refused (unknown_state) and keeps nothing: no session stored, error status, address bar cleaned', async () => {
    const navigation = recordNavigation();
    const auth = harness.engine({ navigate: navigation.navigate });
    const callbackURL = await loginUntilCallback(auth, navigation);
    const key = pendingLoginKey(new URL(callbackURL).searchParams.get('state') ?? '');
    const record = JSON.parse(sessionStorage.getItem(key) ?? 'null') as { pending: Record<string, unknown> };
    sessionStorage.setItem(key, JSON.stringify({ ...record, pending: { ...record.pending, returnTo: 42 } }));
    const before = tokenRequests(harness.server);

    const failure = await auth.authCallback(REDIRECT_URI).catch((error: unknown) => error);

    expect(failure).toMatchObject({ name: 'FiefAuthCallbackError', reason: 'unknown_state' });
    expect(tokenRequests(harness.server)).toBe(before + 1);
    expect(auth.getSnapshot()).toMatchObject({ status: 'error', userinfo: null, tokenInfo: null });
    expect(Object.keys(sessionStorage).filter((name) => name.includes(':session:'))).toEqual([]);
    expect(Object.keys(localStorage).filter((name) => name.includes(':session:'))).toEqual([]);
    expect(window.location.search).toBe('');
  });
});
