import type { FiefAuth, FiefAuthState } from '@fief-spa/core';
import { createContext, useContext, useRef, useSyncExternalStore } from 'react';

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
 * One value derived from the engine's snapshot. The component re-renders only when `select` gives a value that
 * `isEqual` says is new; otherwise the previous value (and its identity) is kept.
 */
export function useFiefSelector<T>(
  name: string,
  select: (state: FiefAuthState) => T,
  isEqual: (a: T, b: T) => boolean = Object.is,
): T {
  const { auth, subscribe } = useFiefContext(name);
  const last = useRef<{ state: FiefAuthState; value: T } | null>(null);
  const selectFrom = (state: FiefAuthState): T => {
    const prev = last.current;
    if (prev && prev.state === state) return prev.value;
    let value = select(state);
    if (prev && isEqual(prev.value, value)) value = prev.value;
    last.current = { state, value };
    return value;
  };
  // On the server, and on the client while it hydrates, the state is `loading`: the server cannot know the session,
  // and the first client render must match its HTML. The stored session shows right after hydration.
  return useSyncExternalStore(
    subscribe,
    () => selectFrom(auth.getSnapshot()),
    () => selectFrom(SERVER_STATE),
  );
}

/** The state rendered on the server and during hydration. */
const SERVER_STATE = { status: 'loading', userinfo: null, tokenInfo: null, error: null } as const;
