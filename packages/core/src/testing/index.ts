/** `@fief-spa/core/testing`: test doubles for apps. Never imported by the package's main entry. */
export {
  createTestFiefAuth,
  TestFiefAuth,
  type TestFiefAuthCall,
  type TestFiefAuthInit,
  testTokenInfo,
} from './testFiefAuth.js';
