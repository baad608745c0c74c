import type { FiefAuthState } from './authState.js';

/** The part of the engine {@link settledState} reads. */
interface Settling {
  getSnapshot(): FiefAuthState;
  subscribe(listener: () => void): () => void;
}

/**
 * The first snapshot of `auth` whose status is not `loading`. Subscribing starts the engine; the listener goes away
 * once the state settled.
 *
 * @example
 * ```ts
 * const state = await settledState(auth);
 * ```
 */
export function settledState(auth: Settling): Promise<FiefAuthState> {
  return new Promise((resolve) => {
    let unsubscribe: (() => void) | null = null;
    let done = false;
    const check = () => {
      const state = auth.getSnapshot();
      if (done || state.status === 'loading') return;
      done = true;
      unsubscribe?.();
      resolve(state);
    };
    check();
    if (done) return;
    unsubscribe = auth.subscribe(check);
    // `subscribe` starts the engine, which may settle before it returns.
    if (done) unsubscribe();
    else check();
  });
}
