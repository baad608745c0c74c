/**
 * The engine's scopes are made when the engine is built (session chunk), from a copy of the `scope` option taken
 * when `FiefAuth` is built: what the app's array becomes in between never reaches Fief.
 */
import { describe, expect, it } from 'vitest';
import { FiefAuth } from '../fiefAuth.js';
import { MemoryStorage } from '../storage.js';
import { newFief, REDIRECT_URI, recordNavigation, useAuthHarness } from './authTestKit.js';

const harness = useAuthHarness();

describe("the engine's scope", () => {
  it('is the scope option as given to FiefAuth, openid first, even when the app changes its array before the engine arrives', async () => {
    const scope = ['offline_access'];
    const navigation = recordNavigation();
    const auth = harness.track(
      new FiefAuth(newFief(harness.server), {
        storage: new MemoryStorage(),
        scope,
        navigate: navigation.navigate,
        tabSync: { channel: harness.tabs.channel, locks: harness.tabs.locks },
      }),
    );
    // Not started: no engine yet. The login builds it.
    scope.push('castles:read');
    await auth.redirectToLogin(REDIRECT_URI);
    expect(new URL(navigation.last()).searchParams.get('scope')).toBe('openid offline_access');
  });

  it('is openid and offline_access when the app gives none', async () => {
    const navigation = recordNavigation();
    const auth = harness.track(
      new FiefAuth(newFief(harness.server), {
        storage: new MemoryStorage(),
        navigate: navigation.navigate,
        tabSync: { channel: harness.tabs.channel, locks: harness.tabs.locks },
      }),
    );
    await auth.redirectToLogin(REDIRECT_URI);
    expect(new URL(navigation.last()).searchParams.get('scope')).toBe('openid offline_access');
  });
});
