/** Token requests held on their way (a slow network): a test lets each go when it chooses. */

import { vi } from 'vitest';

/** The page's token requests, held from {@link holdTokenRequests} until let go. */
export interface HeldTokenRequests {
  /** How many were sent so far. */
  sent(): number;
  /** Lets the `index`-th request sent (from 0) go on to the server. */
  release(index: number): void;
  /** Lets every request go, those sent so far and the next ones. */
  releaseAll(): void;
}

/** Holds every token request the page sends (`fetch` stubbed: `vi.unstubAllGlobals()` after the test). */
export function holdTokenRequests(): HeldTokenRequests {
  const realFetch = globalThis.fetch;
  const held: (() => void)[] = [];
  let holding = true;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (holding && new URL(url).pathname.endsWith('/token')) await new Promise<void>((go) => held.push(go));
    return realFetch(input, init);
  });
  return {
    sent: () => held.length,
    release: (index) => held[index]?.(),
    releaseAll: () => {
      holding = false;
      for (const go of held) go();
    },
  };
}
