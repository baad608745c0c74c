import type { FiefAuth, FiefAuthState } from '@fief-spa/core';
import { vi } from 'vitest';

/**
 * Just the store half of the `FiefAuth` contract (subscribe/getSnapshot) plus spies, for render-behaviour tests
 * that need exact control of the state. Flow tests use the real engine and dev server.
 */
export function fakeAuth(initial: Partial<FiefAuthState> = {}) {
  let state: FiefAuthState = { status: 'loading', userinfo: null, tokenInfo: null, error: null, ...initial };
  const listeners = new Set<() => void>();
  const fake = {
    start: vi.fn(),
    dispose: vi.fn(),
    subscribe: vi.fn((listener: () => void) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    }),
    getSnapshot: () => state,
    redirectToLogin: vi.fn(async (_redirectURI: string, _options?: unknown) => {}),
    /** As the engine on a page with no authorization response in its URL. */
    authCallback: vi.fn(async (_redirectURI: string) => {
      throw new Error('expected an authorization response in the URL');
    }),
    /** Replaces part of the state, as the engine would (a new snapshot), and notifies. */
    set(patch: Partial<FiefAuthState>) {
      state = { ...state, ...patch };
      for (const listener of listeners) listener();
    },
    listenerCount: () => listeners.size,
  };
  return Object.assign(fake, { auth: fake as unknown as FiefAuth });
}
