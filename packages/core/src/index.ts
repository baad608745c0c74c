export { FiefACR } from './acr.js';
export type { FiefAuthState, FiefAuthStatus, FiefTokenInfo } from './authState.js';
export type { FiefAuthURLParameters } from './authURL.js';
export { generateCodeVerifier, generateNonce, generateState, getCodeChallenge } from './crypto.js';
export { FiefError, FiefRequestError, type FiefRequestErrorCode } from './errors.js';
export { Fief } from './fief.js';
export {
  FiefAuth,
  type FiefAuthCallbackResult,
  type FiefAuthOptions,
  type RedirectToLoginOptions,
} from './fiefAuth.js';
export { FiefAuthCallbackError, type FiefAuthCallbackErrorReason } from './fiefAuthCallbackError.js';
export { safeReturnTo } from './returnTo.js';
export { MemoryStorage, type StorageLike, type StorageOption } from './storage.js';
export type { BroadcastChannelLike, LockManagerLike, TabSyncOptions } from './tabSync.js';
export {
  FiefAccessTokenACRTooLow,
  FiefAccessTokenExpired,
  FiefAccessTokenInvalid,
  type FiefAccessTokenInvalidReason,
  FiefAccessTokenMissingPermission,
  FiefAccessTokenMissingScope,
  FiefIdTokenInvalid,
  type FiefIdTokenInvalidReason,
} from './tokenErrors.js';
export type {
  FiefAccessTokenInfo,
  FiefOpenIDConfiguration,
  FiefParameters,
  FiefTokenResponse,
  FiefUserInfo,
  JSONWebKeySet,
} from './types.js';
