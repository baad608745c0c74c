/**
 * The OpenID Provider discovery document (OpenID Connect Discovery 1.0), parsed as untrusted (`publishedDocuments.ts`
 * fetches it). Part of the chunk loaded on demand: the entry chunk checks only what the token request needs
 * (`discoveryEssentials.ts`), and every other use of a document waits for this check.
 */
import { normalizeBaseURL } from './discoveryEssentials.js';
import { FiefRequestError, malformedResponse } from './errors.js';
import { describe, isJSONObject, isStringArray } from './json.js';
import type { FiefOpenIDConfiguration } from './types.js';

const REQUIRED_URLS = ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const;
const OPTIONAL_URLS = ['userinfo_endpoint'] as const;
const OPTIONAL_LISTS = [
  'id_token_signing_alg_values_supported',
  'token_endpoint_auth_methods_supported',
  'code_challenge_methods_supported',
  'scopes_supported',
] as const;

const isURL = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
};

/**
 * Checks an untrusted value as a discovery document for `baseURL`.
 *
 * @throws FiefRequestError `ERR_FIEF_RESPONSE_MALFORMED` when a required member is missing or mistyped, and
 *   `ERR_FIEF_ISSUER_MISMATCH` when `issuer` is not `baseURL` (Discovery §4.3: the issuer must be identical to
 *   the URL the document was retrieved from; trailing slashes are normalised).
 */
export function parseOpenIDConfiguration(
  value: unknown,
  baseURL: string,
  status = 200,
): FiefOpenIDConfiguration {
  if (!isJSONObject(value)) throw malformedResponse('the discovery document', 'a JSON object');
  for (const member of REQUIRED_URLS) {
    if (!isURL(value[member]))
      throw malformedResponse('the discovery document', `an absolute URL in ${member}`);
  }
  for (const member of OPTIONAL_URLS) {
    if (value[member] !== undefined && !isURL(value[member])) {
      throw malformedResponse('the discovery document', `an absolute URL in ${member}`);
    }
  }
  for (const member of OPTIONAL_LISTS) {
    if (value[member] !== undefined && !isStringArray(value[member])) {
      throw malformedResponse('the discovery document', `an array of strings in ${member}`);
    }
  }
  const config = value as FiefOpenIDConfiguration;
  if (normalizeBaseURL(config.issuer) !== normalizeBaseURL(baseURL)) {
    throw new FiefRequestError(
      `expected the discovery issuer to be ${describe(normalizeBaseURL(baseURL))}, found ${describe(config.issuer)}`,
      { code: 'ERR_FIEF_ISSUER_MISMATCH', status },
    );
  }
  // Fief serves every endpoint from its own origin. Holding a document to that means one that was stored or
  // passed between tabs (untrusted) can never send a code, a refresh token or the user elsewhere.
  const origin = new URL(config.issuer).origin;
  for (const member of [...REQUIRED_URLS, ...OPTIONAL_URLS]) {
    const url = config[member];
    if (url !== undefined && new URL(url).origin !== origin) {
      throw malformedResponse('the discovery document', `${member} on the issuer's origin ${origin}`);
    }
  }
  return config;
}
