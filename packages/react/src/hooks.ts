import type { FiefAuth, FiefAuthState, FiefTokenInfo, FiefUserInfo } from '@fief-spa/core';
import { useFiefContext, useFiefSelector } from './context.js';

/**
 * The provider's `FiefAuth` engine, for its actions: `redirectToLogin`, `logout`, `getAccessToken`,
 * `refreshUserinfo`, `updateProfile`, ... Reading it never re-renders; use the other hooks for state.
 * `logout` rejects with a `FiefError` `ERR_FIEF_UNREACHABLE` when Fief does not answer: the hooks already show the
 * user signed out (in every tab), but Fief's own session may still be open, so catch it and tell the user.
 *
 * @example
 * ```tsx
 * function LoginButton() {
 *   const fiefAuth = useFiefAuth();
 *   return <button onClick={() => fiefAuth.redirectToLogin(`${location.origin}/callback`)}>Sign in</button>;
 * }
 * ```
 */
export function useFiefAuth(): FiefAuth {
  return useFiefContext('useFiefAuth').auth;
}

/**
 * The signed-in user's info, or `null`. `Fields` types the custom user fields (`userinfo.fields`); it is a
 * promise you make about your tenant's fields, not a runtime check. Re-renders only when the engine publishes new
 * user info (a profile change, a sign-in or sign-out, and a refresh whose new ID token carries new claims).
 *
 * @example
 * ```tsx
 * function Greeting() {
 *   const userinfo = useFiefUserinfo<{ first_name: string }>();
 *   return userinfo ? <p>Hello {userinfo.fields.first_name}</p> : null;
 * }
 * ```
 */
export function useFiefUserinfo<Fields = Record<string, unknown>>():
  | (FiefUserInfo & { fields: Fields })
  | null {
  return useFiefSelector('useFiefUserinfo', selectUserinfo) as (FiefUserInfo & { fields: Fields }) | null;
}

/**
 * The current tokens (`access_token`, `expires_at`, `scope`, `acr`, `permissions`, ...) or `null`.
 * Re-renders on every token refresh; to call an API prefer `useFiefAuth().getAccessToken()`, which refreshes first.
 *
 * @example
 * ```tsx
 * function Permissions() {
 *   const tokenInfo = useFiefTokenInfo();
 *   return <ul>{tokenInfo?.permissions.map((p) => <li key={p}>{p}</li>)}</ul>;
 * }
 * ```
 */
export function useFiefTokenInfo(): FiefTokenInfo | null {
  return useFiefSelector('useFiefTokenInfo', selectTokenInfo);
}

/**
 * `true` while a user is signed in. Re-renders only when that flips, not on token refreshes.
 *
 * @example
 * ```tsx
 * function Nav() {
 *   return useFiefIsAuthenticated() ? <LogoutButton /> : <LoginButton />;
 * }
 * ```
 */
export function useFiefIsAuthenticated(): boolean {
  return useFiefSelector('useFiefIsAuthenticated', selectIsAuthenticated);
}

const selectUserinfo = (state: FiefAuthState) => state.userinfo;
const selectTokenInfo = (state: FiefAuthState) => state.tokenInfo;
const selectIsAuthenticated = (state: FiefAuthState) => state.status === 'authenticated';
