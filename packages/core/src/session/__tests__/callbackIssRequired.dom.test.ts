import { describe, expect, it } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import { FiefAuth } from '../fiefAuth.js';
import { FiefAuthCallbackError } from '../fiefAuthCallbackError.js';
import {
  CLIENT_ID,
  loginUntilCallback,
  REDIRECT_URI,
  recordNavigation,
  tokenRequests,
  useAuthHarness,
} from './authTestKit.js';

const harness = useAuthHarness();

// Fief sends no RFC 9207 iss and announces none, and neither does the dev server: an issuer that announces it is
// played here by a discovery document given to the client with the announcement added.
describe('a callback without iss', () => {
  it('from an issuer that announces iss is refused (issuer_mismatch) before any token request', async () => {
    const discovery = await fetch(`${harness.server.url}/.well-known/openid-configuration`).then((r) =>
      r.json(),
    );
    const openIDConfiguration = { ...discovery, authorization_response_iss_parameter_supported: true };
    const fief = new Fief({ baseURL: harness.server.url, clientId: CLIENT_ID, openIDConfiguration });
    const navigation = recordNavigation();
    const tabSync = { channel: harness.tabs.channel, locks: harness.tabs.locks };
    const auth = harness.track(new FiefAuth(fief, { navigate: navigation.navigate, tabSync }));
    auth.start();
    const callbackURL = await loginUntilCallback(auth, navigation);
    expect(new URL(callbackURL).searchParams.has('iss')).toBe(false);
    const before = tokenRequests(harness.server);

    const error = await auth.authCallback(REDIRECT_URI).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(FiefAuthCallbackError);
    expect((error as FiefAuthCallbackError).reason).toBe('issuer_mismatch');
    expect(tokenRequests(harness.server)).toBe(before);
  });
});
