'use client';

export { FiefAuthCallback, type FiefAuthCallbackProps } from './FiefAuthCallback.js';
export { FiefAuthProvider, type FiefAuthProviderProps } from './FiefAuthProvider.js';
export {
  type FiefSession,
  useFiefAuth,
  useFiefIsAuthenticated,
  useFiefSession,
  useFiefTokenInfo,
  useFiefUserinfo,
} from './hooks.js';
export { RequireAuth, type RequireAuthProps } from './RequireAuth.js';
export { type RequireAuthLoaderOptions, requireAuthLoader } from './requireAuthLoader.js';
export { type FiefAuthCallbackState, useFiefAuthCallback } from './useFiefAuthCallback.js';
export { withFiefAuth } from './withFiefAuth.js';
