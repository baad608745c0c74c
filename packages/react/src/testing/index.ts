/** `@fief-spa/react/testing`: render components that use the hooks in tests. Never imported by the main entry. */
'use client';

export {
  createTestFiefAuth,
  TestFiefAuth,
  type TestFiefAuthCall,
  type TestFiefAuthInit,
  testTokenInfo,
} from '@fief-spa/core/testing';
export { FiefAuthTestProvider, type FiefAuthTestProviderProps } from './FiefAuthTestProvider.js';
