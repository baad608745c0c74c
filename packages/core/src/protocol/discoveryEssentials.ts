/**
 * What the token request and the key set's request need of a discovery document, checked in the entry chunk: the
 * callback page sends the code, and asks for the keys that check the answer, before the chunk that checks the whole
 * document (`discovery.ts`) has loaded. The copy it uses was stored before the redirect (untrusted), so these few
 * members are held to the rule the whole document is held to: the issuer is `baseURL`, and the endpoints are on its
 * origin (a code is never sent elsewhere).
 */
import type { FiefOpenIDConfiguration } from './types.js';

/** `baseURL` without trailing slashes: the form every URL is built from and the issuer is compared with. */
export function normalizeBaseURL(baseURL: string): string {
  // A loop, not /\/+$/: that regex backtracks at every slash of a long run (quadratic on hostile input).
  let end = baseURL.length;
  while (end > 0 && baseURL.charCodeAt(end - 1) === 0x2f) end -= 1;
  return baseURL.slice(0, end);
}

/** The members of a discovery document the callback uses before its token request (RFC 9207 `iss` included). */
export interface DiscoveryEssentials {
  readonly issuer: string;
  readonly token_endpoint: string;
  readonly jwks_uri: string;
  /** RFC 9207: `true` when the issuer sends `iss` with every authorization response (anything else is not). */
  readonly authorization_response_iss_parameter_supported?: unknown;
}

const onOrigin = (url: unknown, origin: string): url is string =>
  // A string first: `new URL()` would take an array for the string it joins to.
  typeof url === 'string' && new URL(url).origin === origin;

/**
 * The essentials of an untrusted document for `baseURL`, in a new object (nothing else of it is kept), or `null` when
 * its issuer is not `baseURL` (trailing slashes aside) or its token endpoint or key set is not a URL on the issuer's
 * origin.
 *
 * @example
 * ```ts
 * const essentials = discoveryEssentials(JSON.parse(sessionStorage.getItem('discovery') ?? 'null'), 'https://fief.example');
 * if (essentials !== null) console.log(essentials.token_endpoint);
 * ```
 */
export function discoveryEssentials(value: unknown, baseURL: string): DiscoveryEssentials | null {
  try {
    const { issuer, token_endpoint, jwks_uri, authorization_response_iss_parameter_supported } =
      value as FiefOpenIDConfiguration;
    if (typeof issuer === 'string' && normalizeBaseURL(issuer) === normalizeBaseURL(baseURL)) {
      const { origin } = new URL(issuer);
      if (onOrigin(token_endpoint, origin) && onOrigin(jwks_uri, origin)) {
        return {
          issuer,
          token_endpoint,
          jwks_uri,
          authorization_response_iss_parameter_supported:
            authorization_response_iss_parameter_supported === true,
        };
      }
    }
  } catch {
    // `null` or `undefined` to destructure, a URL that does not parse: not a document for `baseURL`.
  }
  return null;
}
