/**
 * Reads a `WWW-Authenticate` header (RFC 9110 §11.6.1): whether its `Bearer` challenge says the token is no longer
 * valid (RFC 6750 §3.1 `error="invalid_token"`). Parameters of other schemes never count.
 */

const PART = /([!#$%&'*+.^_`|~\w-]+)(?:[ \t]*=[ \t]*("(?:[^"\\]|\\.)*"|[^,\s]*))?/g;

/**
 * `true` when the header holds a `Bearer` challenge with `error="invalid_token"`.
 *
 * @example
 * ```ts
 * isInvalidTokenChallenge('Bearer realm="api", error="invalid_token"'); // true
 * isInvalidTokenChallenge('DPoP error="invalid_token"'); // false
 * ```
 */
export function isInvalidTokenChallenge(header: string | null): boolean {
  if (header === null) return false;
  let scheme = '';
  for (const [, name = '', value] of header.matchAll(PART)) {
    if (value === undefined) {
      // A token with no `=` starts a challenge (or is another scheme's token68, which is never `bearer`).
      scheme = name.toLowerCase();
      continue;
    }
    if (scheme === 'bearer' && name.toLowerCase() === 'error') return unquote(value) === 'invalid_token';
  }
  return false;
}

function unquote(value: string): string {
  return value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}
