'use client';

export { FiefAuthCallback, type FiefAuthCallbackProps } from './FiefAuthCallback.js';
export { FiefAuthProvider, type FiefAuthProviderProps } from './FiefAuthProvider.js';
export { useFiefAuth, useFiefIsAuthenticated, useFiefTokenInfo, useFiefUserinfo } from './hooks.js';
export { RequireAuth, type RequireAuthProps } from './RequireAuth.js';
export { type RequireAuthLoaderOptions, requireAuthLoader } from './requireAuthLoader.js';
export { type FiefAuthCallbackState, useFiefAuthCallback } from './useFiefAuthCallback.js';
export { type FiefSession, useFiefSession } from './useFiefSession.js';
export { withFiefAuth } from './withFiefAuth.js';
