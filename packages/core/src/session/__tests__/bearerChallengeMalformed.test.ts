// What a user relies on: createAuthFetch refreshes the token and sends the request again (a POST included) only when
// the API really answered a `Bearer` challenge with `error="invalid_token"`. A security review found that a malformed
// `WWW-Authenticate` (an unterminated quoted-string, a token68 holding `/`, a missing comma, junk after a quote)
// was read as one: the parser skipped what it could not read. A header that does not parse (RFC 9110 §11.6.1) now
// says nothing, and parsing stays linear on adversarial input.
import { describe, expect, it } from 'vitest';
import { isInvalidTokenChallenge } from '../bearerChallenge.js';

describe('a malformed WWW-Authenticate is not a Bearer invalid_token challenge', () => {
  it.each([
    [
      'an unterminated quoted-string swallowing a Bearer challenge',
      'DPoP error_description="x, Bearer error=invalid_token',
    ],
    ['a token68 with "/" followed by what reads as Bearer', 'Negotiate oYGD/Bearer error=invalid_token'],
    ['two challenges without a comma', 'Basic realm="x" Bearer error="invalid_token"'],
    ['a quoted value with junk after its closing quote', 'Bearer error="invalid_token"junk'],
    ['a token68 followed by an auth-param', 'Negotiate abc==, error=invalid_token'],
    ['a parameter without a value', 'Bearer realm=, error=invalid_token'],
    ['a parameter given twice', 'Bearer error="invalid_token", error="insufficient_scope"'],
    ['a token value followed by junk', 'Bearer,error=invalid_token x'],
    ['a control character in a quoted-string', 'Bearer realm="a\u0001", error="invalid_token"'],
  ])('%s', (_label, header) => {
    expect(isInvalidTokenChallenge(header)).toBe(false);
  });

  it.each([
    ['a token68 challenge before Bearer', 'Negotiate oYGD/ab+c==, Bearer error="invalid_token"'],
    ['a scheme alone before Bearer', 'Basic, Bearer error=invalid_token'],
    ['empty list elements and OWS', ' , Bearer  realm = "a\\"b" ,, error = "invalid_token" , '],
    ['a lower-case scheme and an escaped value', 'bearer error="invalid\\_token"'],
  ])('still reads a well-formed header: %s', (_label, header) => {
    expect(isInvalidTokenChallenge(header)).toBe(true);
  });
});

describe('the parser is linear', () => {
  const inputs: Record<string, string> = {
    unterminated: `Bearer realm="${'a'.repeat(100_000)}`,
    escapes: `Bearer realm="${'\\"'.repeat(50_000)}`,
    manyOpenings: 'a="'.repeat(33_000),
    manyEquals: 'a='.repeat(50_000),
    whitespace: `Bearer${' \t'.repeat(50_000)}x`,
    tokens: 'Bearer a, '.repeat(10_000),
    params: `Bearer ${'a=b, '.repeat(25_000)}`,
  };
  it.each(Object.keys(inputs))('%s, 100 KB: under 500 ms (about 1 ms unloaded)', (name) => {
    const header = inputs[name] as string;
    isInvalidTokenChallenge(header); // warm up
    const start = performance.now();
    for (let i = 0; i < 5; i += 1) isInvalidTokenChallenge(header);
    expect((performance.now() - start) / 5).toBeLessThan(500);
  });
});
