import { describe, expect, it } from 'vitest';
import { FiefError } from '../../protocol/errors.js';
import type { FiefAuth } from '../fiefAuth.js';
import {
  loginUntilCallback,
  REDIRECT_URI,
  recordNavigation,
  useAuthHarness,
  waitFor,
} from './authTestKit.js';

const harness = useAuthHarness();

function openTab(navigate?: (url: string) => void): FiefAuth {
  return harness.openTab(navigate === undefined ? {} : { navigate }).auth;
}

describe('the user API', () => {
  it('profile and email changes reach the snapshot of every tab', async () => {
    const navigation = recordNavigation();
    const a = openTab(navigation.navigate);
    await loginUntilCallback(a, navigation);
    await a.authCallback(REDIRECT_URI);
    const b = openTab();
    await waitFor(() => b.isAuthenticated(), 3_000, 'tab b');

    const updated = await a.updateProfile({ fields: { first_name: 'Anna' } });
    expect(updated.fields.first_name).toBe('Anna');
    expect(a.getSnapshot().userinfo?.fields.first_name).toBe('Anna');
    await waitFor(
      () => b.getSnapshot().userinfo?.fields.first_name === 'Anna',
      3_000,
      'tab b to see the new name',
    );

    await a.emailChange('anna@example.com');
    const code = harness.server.getEmailVerificationCode('anna@example.com');
    expect(code).toBeTruthy();
    const verified = await b.emailVerify(code ?? '');
    expect(verified.email).toBe('anna@example.com');
    await waitFor(() => a.getUserinfo()?.email === 'anna@example.com', 3_000, 'tab a to see the new email');

    expect((await a.changePassword('a-new-long-password')).sub).toBe(verified.sub);
    expect((await b.refreshUserinfo()).email).toBe('anna@example.com');
  });

  it('needs a session', async () => {
    const auth = openTab();
    await waitFor(() => auth.getSnapshot().status === 'anonymous', 3_000, 'anonymous');
    await expect(auth.updateProfile({})).rejects.toBeInstanceOf(FiefError);
    await expect(auth.refreshUserinfo()).rejects.toMatchObject({ code: 'ERR_FIEF_NOT_AUTHENTICATED' });
  });
});
