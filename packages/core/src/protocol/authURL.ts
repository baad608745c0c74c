/** Building the authorization request URL (RFC 6749 §4.1.1, OIDC Core §3.1.2.1, RFC 7636 §4.3). */
import type { FiefOpenIDConfiguration } from './types.js';

/**
 * Parameters of {@link Fief.getAuthURL}.
 *
 * @example
 * ```ts
 * import { type FiefAuthURLParameters, generateNonce, generateState, getCodeChallenge } from '@fief-spa/core';
 *
 * const parameters: FiefAuthURLParameters = {
 *   redirectURI: 'http://localhost:5173/callback',
 *   scope: ['openid', 'offline_access'],
 *   state: generateState(),
 *   nonce: generateNonce(),
 *   codeChallenge: await getCodeChallenge(verifier, 'S256'),
 *   codeChallengeMethod: 'S256',
 *   lang: 'fr',
 *   extrasParams: { screen: 'register' },
 * };
 * const url = await fief.getAuthURL(parameters);
 * ```
 */
export interface FiefAuthURLParameters {
  /** Your callback URI, registered on the Fief client. */
  redirectURI: string;
  /** Opaque value given back on the callback; generate one with `generateState()`. */
  state?: string;
  /**
   * Scopes to ask for, e.g. `['openid', 'offline_access']`, or space-separated as OAuth sends them
   * (`'openid offline_access'`).
   */
  scope?: string | string[];
  /** PKCE code challenge (required by Fief for public clients). */
  codeChallenge?: string;
  /** PKCE method of `codeChallenge`. */
  codeChallengeMethod?: 'plain' | 'S256';
  /** Locale of the Fief pages, an RFC 3066 tag such as `fr` or `pt-PT`. */
  lang?: string;
  /** Any other parameter (`screen`, `prompt`, `login_hint`, `acr_values`, ...). */
  extrasParams?: Record<string, string>;
  /** OIDC `nonce`, to be checked in the ID token: give the same value to `authCallback`. */
  nonce?: string;
  /**
   * OIDC `max_age`, seconds: the user must have signed in with credentials no longer ago than this. Give the same
   * value to `authCallback`, which then requires the ID token's `auth_time` within it.
   */
  maxAge?: number;
}

/**
 * The authorization URL: the discovered endpoint with each parameter exactly once. `lang` and `extrasParams`
 * are sent whether or not `state` is. An `extrasParams` key that names a parameter set here is a `TypeError`
 * (it would be ambiguous which value wins).
 */
export function buildAuthURL(
  config: FiefOpenIDConfiguration,
  clientId: string,
  parameters: FiefAuthURLParameters,
): string {
  const { redirectURI, state, codeChallenge, codeChallengeMethod, lang, extrasParams, nonce, maxAge } =
    parameters;
  // A string is the wire form, what a JavaScript caller may well pass: each run of non-spaces is one scope.
  const scope =
    typeof parameters.scope === 'string' ? (parameters.scope.match(/\S+/g) ?? []) : parameters.scope;
  if (maxAge !== undefined && !(Number.isSafeInteger(maxAge) && maxAge >= 0)) {
    throw new TypeError(`expected maxAge to be a whole number of seconds, found ${String(maxAge)}`);
  }
  if (scope?.some((token) => token === '' || /\s/.test(token))) {
    throw new TypeError('expected scope values without whitespace, found an empty or spaced one');
  }
  const named: [string, string | undefined][] = [
    ['response_type', 'code'],
    ['client_id', clientId],
    ['redirect_uri', redirectURI],
    ['state', state],
    ['scope', scope && scope.length > 0 ? scope.join(' ') : undefined],
    ['code_challenge', codeChallenge],
    ['code_challenge_method', codeChallengeMethod],
    ['nonce', nonce],
    ['max_age', maxAge?.toString()],
    ['lang', lang],
  ];
  const url = new URL(config.authorization_endpoint);
  for (const [name, value] of named) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  for (const [name, value] of Object.entries(extrasParams ?? {})) {
    if (named.some(([taken, takenValue]) => taken === name && takenValue !== undefined)) {
      throw new TypeError(`expected extrasParams not to repeat the ${name} parameter, found it in both`);
    }
    url.searchParams.set(name, value);
  }
  return url.href;
}
