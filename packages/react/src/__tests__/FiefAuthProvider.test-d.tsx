import type { FiefAuth } from '@fief-spa/core';
import { describe, expectTypeOf, test } from 'vitest';
import { FiefAuthProvider, type FiefAuthProviderProps } from '../index.js';

declare const auth: FiefAuth;

describe('FiefAuthProviderProps', () => {
  test('takes the client settings, or an engine, never both', () => {
    expectTypeOf({ baseURL: 'https://example.fief.dev', clientId: 'spa' }).toExtend<FiefAuthProviderProps>();
    expectTypeOf({
      baseURL: 'https://x',
      clientId: 'spa',
      storage: 'local' as const,
    }).toExtend<FiefAuthProviderProps>();
    expectTypeOf({ auth, redirectURI: 'https://x/callback', lang: 'fr' }).toExtend<FiefAuthProviderProps>();
    expectTypeOf({ auth, baseURL: 'https://x' }).not.toExtend<FiefAuthProviderProps>();
    expectTypeOf({ auth, storage: 'local' as const }).not.toExtend<FiefAuthProviderProps>();
    expectTypeOf({ baseURL: 'https://x' }).not.toExtend<FiefAuthProviderProps>();
  });

  test('is what the component accepts', () => {
    expectTypeOf(FiefAuthProvider).parameter(0).toEqualTypeOf<FiefAuthProviderProps>();
  });
});
