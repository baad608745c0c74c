/**
 * Settings a JS caller, or an unset environment variable, gets wrong: `clientId={import.meta.env.VITE_FIEF_CLIENT_ID}`
 * with no `.env.local` (Vite types it `any`, so TypeScript lets it through), `storage="locl"`. The provider
 * must refuse them when it renders, naming the prop, rather than run on them.
 */
import { render } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { FiefAuthProvider, type FiefAuthProviderProps } from '../index.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Renders a provider with `props`; React reports the error it throws on the console as well. */
function renderProvider(props: Record<string, unknown>) {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  return render(<FiefAuthProvider {...(props as unknown as FiefAuthProviderProps)}>app</FiefAuthProvider>);
}

describe('<FiefAuthProvider> with a setting of the wrong kind', () => {
  test.each([undefined, ''])('refuses clientId %j with a TypeError that names clientId', (clientId) => {
    expect(() => renderProvider({ baseURL: 'https://fief.example', clientId })).toThrow(/clientId/);
  });

  // A name that is not one of the three kept no session at all (each reload signed the user out). Now the browser's
  // names work (`'localStorage'` is `'local'`), and any other name is the default, `sessionStorage`
  // (`browserStorage.dom.test.ts`): a session is kept, maybe not where the app meant (`'locl'`). Left failing: refusing
  // an unknown name (a TypeError naming the three, in `resolveStorage`) costs 32 to 40 B gzip of the entry chunk
  // (measured 9,149 B, against 9,117 B with this fallback and 9,109 B before it), and TypeScript refuses such a name.
  test.fails.each(['sesion', 'locl'])('refuses storage %j with a TypeError that names storage', (storage) => {
    expect(() => renderProvider({ baseURL: 'https://fief.example', clientId: 'spa', storage })).toThrow(
      /storage/,
    );
  });

  // `auth={{}}`, or the protocol client (`auth={fief}`) where the engine belongs, fails with "auth.start is not a
  // function" (or "auth.subscribe ..."): it names the prop, not what it expects. Left failing: a check in the provider
  // costs 20 B gzip of the entry chunk (measured, `instanceof FiefAuth`, which would also refuse the fakes of tests),
  // and TypeScript refuses such an `auth`.
  test.fails('refuses auth that is not a FiefAuth with a TypeError that names FiefAuth', () => {
    expect(() => renderProvider({ auth: {} })).toThrow(/FiefAuth/);
  });
});
