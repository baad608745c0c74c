import type { FiefTokenInfo, FiefUserInfo } from '@fief-spa/core';
import { describe, expectTypeOf, test } from 'vitest';
import {
  type FiefSession,
  useFiefIsAuthenticated,
  useFiefSession,
  useFiefTokenInfo,
  useFiefUserinfo,
} from '../index.js';

describe('useFiefUserinfo<Fields>', () => {
  test('types the custom fields with the given shape', () => {
    const userinfo = useFiefUserinfo<{ first_name: string; age: number }>();
    expectTypeOf(userinfo).toEqualTypeOf<
      (FiefUserInfo & { fields: { first_name: string; age: number } }) | null
    >();
    if (userinfo) {
      expectTypeOf(userinfo.fields.first_name).toEqualTypeOf<string>();
      expectTypeOf(userinfo.fields.age).toEqualTypeOf<number>();
      expectTypeOf(userinfo.sub).toEqualTypeOf<string>();
      expectTypeOf(userinfo.email).toEqualTypeOf<string>();
    }
  });

  test('defaults the fields to an open record of unknowns', () => {
    const userinfo = useFiefUserinfo();
    expectTypeOf(userinfo).toEqualTypeOf<(FiefUserInfo & { fields: Record<string, unknown> }) | null>();
    expectTypeOf(userinfo!.fields.anything).toEqualTypeOf<unknown>();
  });

  test('may be null: the user can be signed out', () => {
    // @ts-expect-error userinfo is possibly null
    useFiefUserinfo<{ plan: string }>().fields;
  });
});

describe('the other hooks', () => {
  test('return the engine types', () => {
    expectTypeOf(useFiefTokenInfo()).toEqualTypeOf<FiefTokenInfo | null>();
    expectTypeOf(useFiefIsAuthenticated()).toEqualTypeOf<boolean>();
    expectTypeOf(useFiefSession()).toEqualTypeOf<FiefSession>();
    expectTypeOf(useFiefSession().status).toEqualTypeOf<
      'loading' | 'authenticated' | 'anonymous' | 'error'
    >();
  });
});
