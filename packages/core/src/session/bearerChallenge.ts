/**
 * Reads a `WWW-Authenticate` header (RFC 9110 §11.6.1): whether its `Bearer` challenge says the token is no longer
 * valid (RFC 6750 §3.1 `error="invalid_token"`). Parameters of other schemes never count.
 *
 * The header is parsed whole and in order, and any syntax error makes it say nothing: skipping what cannot be read
 * would let the text of another challenge (an unterminated quoted-string, a token68 holding `/`, a missing comma)
 * read as a Bearer challenge, and a `true` here makes `createAuthFetch` refresh and send the request again.
 *
 * Grammar (RFC 9110 §11.6.1, §5.6):
 *   WWW-Authenticate = #challenge          ; comma-separated, empty elements allowed (§5.6.1.2)
 *   challenge        = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 *   auth-param       = token BWS "=" BWS ( token / quoted-string )
 * After a comma, a token followed by `=` is another auth-param of the current challenge, when it has auth-params (a
 * scheme followed by the end or a comma has none); anything else starts a new challenge (a token68 cannot start
 * with `=`, an auth-param value cannot be empty: no ambiguity).
 *
 * Linear time: one pass, each character read a bounded number of times; the sticky patterns below have no nested
 * or overlapping repetition, so they cannot backtrack more than their own match.
 */

/** tchar (RFC 9110 §5.6.2); `\w` without the `u` flag is `[A-Za-z0-9_]`. */
const TOKEN = /[!#$%&'*+.^_`|~\w-]+/y;
/** token68 (RFC 9110 §11.2). */
const TOKEN68 = /[\w.~+/-]+=*/y;
/** quoted-string (RFC 9110 §5.6.4): qdtext and quoted-pair are disjoint, so a missing closing quote fails in one pass. */
const QUOTED = /"(?:[\t \x21\x23-\x5b\x5d-\x7e\x80-\xff]|\\[\t \x21-\x7e\x80-\xff])*"/y;
/** OWS and BWS (RFC 9110 §5.6.3). */
const OWS = /[ \t]*/y;

/**
 * `true` when the header holds a `Bearer` challenge with `error="invalid_token"`; `false` when it does not, or does
 * not parse.
 *
 * @example
 * ```ts
 * isInvalidTokenChallenge('Bearer realm="api", error="invalid_token"'); // true
 * isInvalidTokenChallenge('DPoP error="invalid_token"'); // false
 * isInvalidTokenChallenge('Basic realm="x" Bearer error="invalid_token"'); // false: no comma, not a header
 * ```
 */
export function isInvalidTokenChallenge(header: string | null): boolean {
  if (header === null) return false;
  let pos = 0;
  /** The text `pattern` matches at `pos` (moving past it), or `null`. */
  const take = (pattern: RegExp): string | null => {
    pattern.lastIndex = pos;
    const match = pattern.exec(header);
    if (match === null) return null;
    pos = pattern.lastIndex;
    return match[0];
  };
  const skipOWS = () => void take(OWS);
  const atListEnd = () => pos === header.length || header[pos] === ',';
  /** After an auth-param's name: BWS "=" BWS ( token / quoted-string ); the value, unquoted, or `null`. */
  const paramValue = (): string | null => {
    skipOWS();
    if (header[pos] !== '=') return null;
    pos += 1;
    skipOWS();
    const quoted = take(QUOTED);
    if (quoted !== null) return quoted.slice(1, -1).replace(/\\([\s\S])/g, '$1');
    return take(TOKEN);
  };

  let scheme: string | null = null; // the current challenge's scheme, lower-cased
  let takesParams = false; // false when the current challenge has a token68 or no parameter at all
  let names = new Set<string>(); // its auth-params' names: each may appear once (RFC 9110 §11.2)
  let found = false;
  /** Records one auth-param of the current challenge; `false` on a syntax error. */
  const param = (name: string): boolean => {
    const value = paramValue();
    const key = name.toLowerCase();
    if (value === null || names.has(key)) return false;
    names.add(key);
    if (scheme === 'bearer' && key === 'error' && value === 'invalid_token') found = true;
    return true;
  };

  skipOWS();
  while (pos < header.length) {
    if (header[pos] === ',') {
      pos += 1; // an empty list element, or the separator after the element just read
      skipOWS();
      continue;
    }
    const name = take(TOKEN);
    if (name === null) return false;
    const afterName = pos;
    skipOWS();
    if (scheme !== null && takesParams && header[pos] === '=') {
      pos = afterName;
      if (!param(name)) return false;
    } else {
      // A new challenge: its scheme, then nothing, or 1*SP and a token68 or its first auth-param.
      scheme = name.toLowerCase();
      names = new Set();
      // A scheme followed by the end or a comma takes no parameters: an auth-param after that comma belongs to no
      // challenge (`Bearer, error="invalid_token"` is a bare `Bearer` and an invalid element).
      takesParams = !atListEnd();
      if (takesParams) {
        if (header[afterName] !== ' ') return false;
        const start = pos;
        if (take(TOKEN68) !== null) {
          skipOWS();
          if (atListEnd()) takesParams = false;
          else pos = start; // `a=b`: the token68 pattern read `a=`, it is an auth-param
        }
        if (takesParams) {
          const first = take(TOKEN);
          if (first === null || !param(first)) return false;
        }
      }
    }
    // Each element ends at the end of the header or at a comma.
    skipOWS();
    if (!atListEnd()) return false;
  }
  return found;
}
