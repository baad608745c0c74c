// What every bench page shares: its configuration, the render counters and the "authenticated" mark.
import { useLayoutEffect } from 'react';
import type { PageConfig } from '../servers/staticServer.ts';

/** Written into the page's HTML by the static server. */
export type BenchConfig = PageConfig;

/** What the bench driver reads and calls in a page. */
export interface BenchHooks {
  /** `authenticated` when the library holds an access token that has not expired. */
  status(): Promise<string>;
  /** Fetches the user info again (after the driver changed it on the server). */
  refreshUserinfo?(): Promise<void>;
}

declare global {
  interface Window {
    BENCH: BenchConfig;
    bench?: BenchHooks;
    /** Renders of the component reading "is authenticated" (`flag`) and of the one reading the user info (`name`). */
    renders: { flag: number; name: number };
  }
}

export const config = window.BENCH;
window.renders = { flag: 0, name: 0 };

export const AUTHENTICATED_MARK = 'bench:authenticated';

/** Rendered once the library says the user is signed in: marks the time of that first authenticated render. */
export function Authenticated({ email }: { email: string }) {
  useLayoutEffect(() => {
    if (performance.getEntriesByName(AUTHENTICATED_MARK).length === 0) performance.mark(AUTHENTICATED_MARK);
  }, []);
  return <p data-testid="signed-in-as">{email}</p>;
}

export function SignInButton({ onClick }: { onClick: () => void }) {
  return (
    <button type="button" onClick={onClick}>
      Sign in
    </button>
  );
}
