/**
 * A `redirectURI` given as a path (`/callback`) is the callback page of this app: Fief only takes absolute redirect
 * URIs, compared character for character, so the login sends it on the app's origin, and an absolute one exactly
 * as given.
 */

import { DEMO_USER, LoginAgent } from '@fief-spa/dev-server';
import { describe, expect, it } from 'vitest';
import { REDIRECT_URI, recordNavigation, setPageURL, useAuthHarness } from './authTestKit.js';

const harness = useAuthHarness();

describe('redirectToLogin with a redirect URI', () => {
  it("given as a path, sends it on the app's origin, and the login completes", async () => {
    const navigation = recordNavigation();
    const auth = harness.engine({ navigate: navigation.navigate });

    await auth.redirectToLogin('/callback');

    expect(new URL(navigation.last()).searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    const callbackURL = await new LoginAgent().login(navigation.last(), {
      email: DEMO_USER.email,
      password: DEMO_USER.password,
    });
    setPageURL(callbackURL);
    await auth.authCallback('/callback');
    expect(auth.getSnapshot().status).toBe('authenticated');
  });

  it('given absolute, sends it exactly as given, not as URL would rewrite it', async () => {
    const navigation = recordNavigation();
    const auth = harness.engine({ navigate: navigation.navigate });

    await auth.redirectToLogin('HTTP://127.0.0.1:5173/callback');

    expect(new URL(navigation.last()).searchParams.get('redirect_uri')).toBe(
      'HTTP://127.0.0.1:5173/callback',
    );
  });
});
