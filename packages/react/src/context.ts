import type { FiefAuth, FiefAuthState } from '@fief-spa/core';
import { createContext, useContext, useSyncExternalStore } from 'react';

/** What a `<FiefAuthProvider>` hands to the hooks and components below it. */
export interface FiefAuthContextValue {
  readonly auth: FiefAuth;
  /** `auth.subscribe`, bound once so `useSyncExternalStore` never resubscribes. */
  readonly subscribe: (listener: () => void) => () => void;
  readonly redirectURI: string | undefined;
  readonly lang: string | undefined;
}

/** `null` outside a provider, so a hook there can say so instead of reading `undefined`. */
export const FiefAuthContext = createContext<FiefAuthContextValue | null>(null);

/** The provider's value; `name` (the calling hook or component) goes into the error thrown outside a provider. */
export function useFiefContext(name: string): FiefAuthContextValue {
  const value = useContext(FiefAuthContext);
  if (!value) throw new Error(`${name} must be used inside <FiefAuthProvider>`);
  return value;
}

/** The redirect URI the login and the callback agree on: the provider's, or `/callback` on this origin. */
export function resolveRedirectURI(value: FiefAuthContextValue): string {
  return value.redirectURI ?? `${window.location.origin}/callback`;
}

/**
 * One value derived from the engine's snapshot. The component re-renders only when `select` gives a new value
 * (`Object.is`): select a value the snapshot holds, or a primitive, never a new object.
 */
export function useFiefSelector<T>(name: string, select: (state: FiefAuthState) => T): T {
  const { auth, subscribe } = useFiefContext(name);
  // On the server, and on the client while it hydrates, the state is `loading`: the server cannot know the session,
  // and the first client render must match its HTML. The stored session shows right after hydration.
  return useSyncExternalStore(
    subscribe,
    () => select(auth.getSnapshot()),
    () => select(SERVER_STATE),
  );
}

/** The state rendered on the server and during hydration. */
const SERVER_STATE = { status: 'loading', userinfo: null, tokenInfo: null, error: null } as const;
