/**
 * Starting a login: the PKCE verifier, `state` and `nonce`, the pending login saved under its `state`, and the
 * authorization URL. Part of the chunk loaded on demand (`sessionFlows.ts`): only a sign-in needs it.
 */

import { FiefError } from '../protocol/errors.js';
import type { Fief } from '../protocol/fief.js';
import { loadProtocolFlows } from '../protocol/loadProtocolFlows.js';
import type { RedirectToLoginOptions } from './fiefAuthOptions.js';
import { probeReachability } from './identityReachability.js';
import {
  PENDING_LOGIN_MAX_AGE_MS,
  type PendingLogin,
  parsePendingLogin,
  pendingLoginKey,
} from './pendingLogin.js';
import { checkPendingLoginRest } from './pendingLoginRest.js';
import { DEFAULT_RETURN_TO, safeReturnTo } from './returnTo.js';
import {
  MemoryStorage,
  readItem,
  removeItem,
  STORAGE_VERSION,
  type StorageLike,
  storageKeyPrefix,
  writeItem,
} from './storage.js';
import { keysWithPrefix } from './storageListing.js';

/** What starting a login needs from the engine. */
export interface LoginRedirectContext {
  readonly fief: Fief;
  /** Where the pending login is saved (`sessionStorage`). */
  readonly pendingStorage: StorageLike;
  /** The engine's storage: the pending login goes there when `pendingStorage` refuses it (full), unless in memory. */
  readonly storage: StorageLike;
  readonly now: number;
  /** The scopes to ask for, `openid` included. */
  readonly scope: string[];
  /** The app's origin, that `returnTo` must stay in. */
  readonly origin: string;
}

/**
 * Saves the pending login of a new login and returns the authorization URL to navigate to.
 *
 * @throws {@link FiefError} `ERR_FIEF_STORAGE` when the pending login cannot be saved (the login could not finish);
 *   `ERR_FIEF_UNREACHABLE` when Fief does not answer (nothing is saved).
 *
 * @example
 * ```ts
 * location.assign(await startLogin(context, 'https://app.example/callback', { returnTo: '/account' }));
 * ```
 */
export async function startLogin(
  context: LoginRedirectContext,
  redirectURI: string,
  options: RedirectToLoginOptions,
): Promise<string> {
  const { fief, pendingStorage, storage, now } = context;
  // Memory would not outlive the redirect: a login that cannot be saved elsewhere does not start.
  const fallback = storage === pendingStorage || storage instanceof MemoryStorage ? null : storage;
  prunePendingLogins(pendingStorage, now);
  if (fallback !== null) prunePendingLogins(fallback, now);
  // PKCE comes with the protocol chunk, which `getAuthURL` needs too: taken from it, not imported, so that no file is
  // shared by both lazy chunks (esbuild would make it a third chunk, fetched after either: a request in series).
  // With discovery cached, nothing else asks Fief before the page leaves for it: the probe does.
  const [discovery, { generateCodeVerifier, generateNonce, generateState, getCodeChallenge }, unreachable] =
    await Promise.all([fief.getOpenIDConfiguration(), loadProtocolFlows(), probeReachability(fief.baseURL)]);
  if (unreachable !== null) throw unreachable;
  const codeVerifier = generateCodeVerifier();
  const codeChallenge = await getCodeChallenge(codeVerifier, 'S256');
  const state = generateState();
  const nonce = generateNonce();
  const extrasParams: Record<string, string> = { ...options.extrasParams };
  if (options.prompt !== undefined) extrasParams.prompt = options.prompt;
  if (options.screen !== undefined) extrasParams.screen = options.screen;
  if (options.loginHint !== undefined) extrasParams.login_hint = options.loginHint;
  if (options.acrValues !== undefined) extrasParams.acr_values = options.acrValues;
  const maxAge = options.maxAge ?? null;
  if (maxAge !== null && !(Number.isSafeInteger(maxAge) && maxAge >= 0)) {
    throw new TypeError(`expected maxAge to be a whole number of seconds, found ${String(maxAge)}`);
  }
  // Until the protocol client takes `maxAge` itself, it travels as an extra parameter (OIDC Core 3.1.2.1).
  if (maxAge !== null) extrasParams.max_age = String(maxAge);
  const url = await fief.getAuthURL({
    redirectURI,
    state,
    scope: context.scope,
    codeChallenge,
    codeChallengeMethod: 'S256',
    lang: options.lang,
    extrasParams,
    nonce,
  });
  const pending: PendingLogin = {
    state,
    codeVerifier,
    nonce,
    redirectURI,
    returnTo: safeReturnTo(options.returnTo ?? DEFAULT_RETURN_TO, context.origin),
    createdAt: now,
    discovery: { ...discovery },
    issuer: String(discovery.issuer),
    clientId: fief.clientId,
    acrValues: options.acrValues ?? null,
    maxAge,
  };
  const saved =
    savePendingLogin(pendingStorage, pending) || (fallback !== null && savePendingLogin(fallback, pending));
  if (!saved) {
    throw new FiefError(
      'expected to save the pending login in sessionStorage, but it refused',
      'ERR_FIEF_STORAGE',
    );
  }
  return url;
}

/** Saves a pending login; `false` when the storage refused it (the login cannot complete then). */
export function savePendingLogin(storage: StorageLike, pending: PendingLogin): boolean {
  return writeItem(storage, pendingLoginKey(pending.state), JSON.stringify({ v: STORAGE_VERSION, pending }));
}

/** Removes pending logins that are unreadable or older than {@link PENDING_LOGIN_MAX_AGE_MS}. */
export function prunePendingLogins(storage: StorageLike, now: number): void {
  for (const key of keysWithPrefix(storage, storageKeyPrefix('pending'))) {
    const pending = parsePendingLogin(readItem(storage, key));
    if (pending === null || checkPendingLoginRest(pending) === null) removeItem(storage, key);
    else if (now - pending.createdAt > PENDING_LOGIN_MAX_AGE_MS) removeItem(storage, key);
  }
}
