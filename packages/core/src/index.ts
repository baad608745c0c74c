export { FiefACR } from './protocol/acr.js';
export type { FiefAuthURLParameters } from './protocol/authURL.js';
export { FiefError, FiefRequestError, type FiefRequestErrorCode } from './protocol/errors.js';
export { Fief } from './protocol/fief.js';
export { generateCodeVerifier, generateNonce, generateState, getCodeChallenge } from './protocol/pkce.js';
export {
  FiefAccessTokenACRTooLow,
  FiefAccessTokenExpired,
  FiefAccessTokenInvalid,
  type FiefAccessTokenInvalidReason,
  FiefAccessTokenMissingPermission,
  FiefAccessTokenMissingScope,
  FiefIdTokenInvalid,
  type FiefIdTokenInvalidReason,
} from './protocol/tokenErrors.js';
export type {
  AccessTokenOptions,
  FiefAccessTokenInfo,
  FiefOpenIDConfiguration,
  FiefParameters,
  FiefTokenResponse,
  FiefUserInfo,
  JSONWebKey,
  JSONWebKeySet,
} from './protocol/types.js';
export {
  type AccessTokenSource,
  type AuthFetch,
  type AuthFetchOptions,
  createAuthFetch,
} from './session/authFetch.js';
export type { FiefAuthState, FiefAuthStatus, FiefTokenInfo } from './session/authState.js';
export { FiefAuth } from './session/fiefAuth.js';
export { FiefAuthCallbackError, type FiefAuthCallbackErrorReason } from './session/fiefAuthCallbackError.js';
export type {
  FiefAuthCallbackResult,
  FiefAuthOptions,
  RedirectToLoginOptions,
} from './session/fiefAuthOptions.js';
export type { FiefLogEvent, FiefLogger } from './session/logEvents.js';
export { safeReturnTo } from './session/returnTo.js';
export { MemoryStorage, type StorageLike, type StorageOption } from './session/storage.js';
export type { BroadcastChannelLike, LockManagerLike, TabSyncOptions } from './session/tabTypes.js';
