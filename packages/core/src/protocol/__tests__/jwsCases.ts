/**
 * The signed and mutated compact JWS cases of the differential test against jose (`jwsDifferential.test.ts`): a
 * pool of keys made once (key generation is the slow part), a fast-check arbitrary of case descriptions, and the
 * function that turns a description into a token and a key set.
 */
import { constants, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import fc from 'fast-check';
import { encodeBase64url } from '../base64url.js';
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../jws.js';

const RSA_ALGORITHMS: SigningAlgorithm[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];

/** A key pair of the pool, with the algorithms it can sign with. */
interface PoolKey {
  privateKey: KeyObject;
  publicJWK: Record<string, unknown>;
  algorithms: SigningAlgorithm[];
}

function poolKey(
  pair: { privateKey: KeyObject; publicKey: KeyObject },
  algorithms: SigningAlgorithm[],
): PoolKey {
  return { privateKey: pair.privateKey, publicJWK: pair.publicKey.export({ format: 'jwk' }), algorithms };
}

/** Two keys of each kind (a current one and the one it rotated from), and an RSA key too short to be accepted. */
export const KEY_POOL = {
  'rsa-1': poolKey(generateKeyPairSync('rsa', { modulusLength: 2048 }), RSA_ALGORITHMS),
  'rsa-2': poolKey(generateKeyPairSync('rsa', { modulusLength: 2048 }), RSA_ALGORITHMS),
  'rsa-short': poolKey(generateKeyPairSync('rsa', { modulusLength: 1024 }), ['RS256', 'PS256']),
  'p256-1': poolKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }), ['ES256']),
  'p256-2': poolKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }), ['ES256']),
  p384: poolKey(generateKeyPairSync('ec', { namedCurve: 'P-384' }), ['ES384']),
  p521: poolKey(generateKeyPairSync('ec', { namedCurve: 'P-521' }), ['ES512']),
  'ed-1': poolKey(generateKeyPairSync('ed25519'), ['EdDSA']),
  'ed-2': poolKey(generateKeyPairSync('ed25519'), ['EdDSA']),
};
type KeyName = keyof typeof KEY_POOL;
const KEY_NAMES = Object.keys(KEY_POOL) as KeyName[];

/** Every (algorithm, key) pair that can sign: each allowlisted algorithm with each key of its type. */
const SIGNERS = KEY_NAMES.flatMap((name) => KEY_POOL[name].algorithms.map((alg) => ({ alg, name })));

/** A JWKS member: one pool key and the metadata it is published with. */
const jwksEntry = (name: fc.Arbitrary<KeyName>, usable: boolean) =>
  fc.record({
    name,
    kid: fc.oneof({ weight: usable ? 6 : 1, arbitrary: fc.constant(true) }, fc.constant(false)),
    alg: fc.oneof(
      { weight: 3, arbitrary: fc.constant('none' as const) },
      { weight: usable ? 8 : 3, arbitrary: fc.constant('natural' as const) },
      { weight: usable ? 1 : 3, arbitrary: fc.constantFrom(...SIGNING_ALGORITHMS) },
    ),
    use: fc.constantFrom(undefined, 'sig', ...(usable ? [] : ['enc'])),
    keyOps: fc.constantFrom<string[] | undefined>(
      undefined,
      ['verify'],
      ...(usable ? [] : [['encrypt'], ['verify', 'verify'], ['sign', 'verify']]),
    ),
    /** Published with what only a private key holds, or an `ext` that is not a boolean. */
    leak: usable
      ? fc.constant('none' as const)
      : fc.constantFrom('none' as const, 'private' as const, 'extText' as const),
  });

/** Where a base64url segment goes wrong while decoding to the same bytes (or not decoding at all). */
const encodingMutation = fc.oneof(
  { weight: 40, arbitrary: fc.constant({ kind: 'canonical' as const }) },
  fc.record({ kind: fc.constant('padding' as const) }),
  fc.record({ kind: fc.constant('tail' as const) }),
  fc.record({ kind: fc.constantFrom('space' as const, 'plus' as const), at: fc.nat() }),
);
type EncodingMutation = typeof encodingMutation extends fc.Arbitrary<infer T> ? T : never;

/** Header members beyond `alg` and `kid`, as JSON text (raw bytes for a lone surrogate in UTF-8). */
const HEADER_EXTRAS: Record<string, [string, string | Uint8Array][]> = {
  typJWT: [['typ', '"JWT"']],
  typAccessToken: [['typ', '"at+jwt"']],
  typNumber: [['typ', '7']],
  typLoneSurrogateEscape: [['typ', '"\\ud800"']],
  typLoneSurrogateBytes: [['typ', new Uint8Array([0x22, 0xed, 0xa0, 0x80, 0x22])]],
  embeddedJWK: [['jwk', JSON.stringify(KEY_POOL['rsa-2'].publicJWK)]],
  critB64: [
    ['crit', '["b64"]'],
    ['b64', 'true'],
  ],
  critUnknown: [
    ['crit', '["exp"]'],
    ['exp', '1'],
  ],
  critEmpty: [['crit', '[]']],
  b64FalseWithoutCrit: [['b64', 'false']],
  duplicateAlgNone: [['alg', '"none"']],
};

/** `{"sub":"user",...}` and its mutations: duplicate members, deep nesting, huge numbers, lone surrogates. */
const PAYLOADS: Record<string, string | Uint8Array> = {
  claims: '{"iss":"http://127.0.0.1:8000","sub":"user","aud":"client","exp":4102444800}',
  duplicateMembers: '{"sub":"user","sub":"admin","aud":"client","aud":["other"]}',
  deepNesting: `{"sub":"user","deep":${'['.repeat(3_000)}${']'.repeat(3_000)}}`,
  hugeNumbers: '{"sub":"user","exp":1e400,"iat":-1e400,"n":123456789012345678901234567890}',
  loneSurrogateEscape: '{"sub":"\\udc00user"}',
  loneSurrogateBytes: new Uint8Array(
    [...'{"sub":"'].map((c) => c.charCodeAt(0)).concat(0xed, 0xb0, 0x80, 0x22, 0x7d),
  ),
  array: '[{"sub":"user"}]',
  string: '"user"',
  notJSON: '{"sub":"user"',
  empty: '',
};

const bytesOf = (value: string | Uint8Array) =>
  typeof value === 'string' ? new TextEncoder().encode(value) : value;

/** The description of one case; {@link buildCase} makes it concrete. */
export const jwsCase = fc.record({
  signer: fc.constantFrom(...SIGNERS),
  headerAlg: fc.oneof(
    { weight: 30, arbitrary: fc.constant<unknown>('signer') },
    fc.constantFrom<unknown>(...SIGNING_ALGORITHMS, 'none', 'HS256', 'rs256', 'Ed25519', null, 5),
  ),
  kid: fc.oneof(
    { weight: 8, arbitrary: fc.constant('signer' as const) },
    fc.constantFrom('absent' as const, 'other' as const, 'number' as const),
  ),
  extras: fc.oneof(
    { weight: 6, arbitrary: fc.constant<string[]>([]) },
    fc.subarray(Object.keys(HEADER_EXTRAS), { maxLength: 2 }),
  ),
  unencodedPayload: fc.oneof({ weight: 15, arbitrary: fc.constant(false) }, fc.constant(true)),
  payload: fc.oneof(
    { weight: 25, arbitrary: fc.constant('claims') },
    fc.constantFrom(...Object.keys(PAYLOADS)),
  ),
  headerEncoding: encodingMutation,
  payloadEncoding: encodingMutation,
  signatureEncoding: encodingMutation,
  signatureMutation: fc.oneof(
    { weight: 15, arbitrary: fc.constant({ kind: 'none' as const, at: 0 }) },
    fc.record({
      kind: fc.constantFrom('flip' as const, 'truncate' as const, 'empty' as const, 'extend' as const),
      at: fc.nat(),
    }),
  ),
  textMutation: fc.oneof(
    { weight: 15, arbitrary: fc.constant(undefined) },
    fc.record({
      op: fc.constantFrom('replace' as const, 'insert' as const, 'delete' as const),
      at: fc.nat(),
      char: fc.constantFrom(...'AQgw_-=.+/ \n'),
    }),
  ),
  signerInJWKS: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, fc.constant(false)),
  signerEntry: jwksEntry(fc.constant('rsa-1' as KeyName), true),
  otherEntries: fc.array(jwksEntry(fc.constantFrom(...KEY_NAMES), false), { maxLength: 3 }),
  advertised: fc.constantFrom<string[] | undefined>(undefined, undefined, ['PS384', 'ES256'], ['RS512']),
});
export type JWSCase = typeof jwsCase extends fc.Arbitrary<infer T> ? T : never;

/** A concrete case: the token, the key set and discovery's algorithms. */
export interface BuiltCase {
  token: string;
  jwks: { keys: Record<string, unknown>[] };
  advertised: string[] | undefined;
}

/** The JWK of a JWKS entry; `natural` is the algorithm the token was signed with (the signer's) or the key's first. */
function publishedKey(entry: JWSCase['signerEntry'], natural?: SigningAlgorithm): Record<string, unknown> {
  const key = KEY_POOL[entry.name];
  const alg =
    entry.alg === 'none' ? undefined : entry.alg === 'natural' ? (natural ?? key.algorithms[0]) : entry.alg;
  return {
    ...key.publicJWK,
    ...(entry.kid ? { kid: entry.name } : {}),
    ...(alg === undefined ? {} : { alg }),
    ...(entry.use === undefined ? {} : { use: entry.use }),
    ...(entry.keyOps === undefined ? {} : { key_ops: entry.keyOps }),
    ...(entry.leak === 'private' ? { d: key.privateKey.export({ format: 'jwk' }).d } : {}),
    ...(entry.leak === 'extText' ? { ext: 'true' } : {}),
  };
}

function encodeSegment(bytes: Uint8Array, mutation: EncodingMutation): string {
  const text = encodeBase64url(bytes);
  switch (mutation.kind) {
    case 'canonical':
      return text;
    case 'padding':
      return text + '='.repeat((4 - (text.length % 4)) % 4 || 2);
    case 'tail': {
      // The last character of a length ≡ 2 or 3 (mod 4) text carries unused bits: set the lowest one.
      if (text.length % 4 === 0) return `${text}=`;
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const last = alphabet.indexOf(text.at(-1) ?? 'A');
      return text.slice(0, -1) + alphabet[last | 1];
    }
    default: {
      const at = mutation.at % (text.length + 1);
      return text.slice(0, at) + (mutation.kind === 'space' ? ' ' : '+') + text.slice(at);
    }
  }
}

function headerBytes(c: JWSCase, alg: SigningAlgorithm): Uint8Array {
  const kid = { signer: `"${c.signer.name}"`, absent: undefined, other: '"not-in-the-set"', number: '5' }[
    c.kid
  ];
  const members: [string, string | Uint8Array][] = [
    ['alg', JSON.stringify(c.headerAlg === 'signer' ? alg : c.headerAlg)],
    ...(kid === undefined ? [] : [['kid', kid] as [string, string]]),
    ...c.extras.flatMap((name) => HEADER_EXTRAS[name] ?? []),
    ...(c.unencodedPayload
      ? ([
          ['crit', '["b64"]'],
          ['b64', 'false'],
        ] as [string, string][])
      : []),
  ];
  const parts = members.flatMap(([name, value], i) => [`${i === 0 ? '{' : ','}"${name}":`, value]);
  const chunks = [...parts, '}'].map(bytesOf);
  return Uint8Array.from(chunks.flatMap((chunk) => [...chunk]));
}

function signBytes(alg: SigningAlgorithm, key: KeyObject, data: Uint8Array): Uint8Array {
  if (alg === 'EdDSA') return sign(null, data, key);
  const hash = `sha${alg.slice(2)}`;
  if (alg.startsWith('RS')) return sign(hash, data, key);
  if (alg.startsWith('PS')) {
    return sign(hash, data, {
      key,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: Number(alg.slice(2)) / 8,
    });
  }
  return sign(hash, data, { key, dsaEncoding: 'ieee-p1363' });
}

function mutateSignature(signature: Uint8Array, mutation: JWSCase['signatureMutation']): Uint8Array {
  const at = mutation.at % Math.max(signature.length, 1);
  switch (mutation.kind) {
    case 'none':
      return signature;
    case 'flip':
      return signature.map((byte, i) => (i === at ? byte ^ (1 << (mutation.at % 8)) : byte));
    case 'truncate':
      return signature.slice(0, at);
    case 'empty':
      return new Uint8Array();
    case 'extend':
      return new Uint8Array([...signature, 0]);
  }
}

function mutateText(token: string, mutation: JWSCase['textMutation']): string {
  if (mutation === undefined) return token;
  const at = mutation.at % (token.length + (mutation.op === 'insert' ? 1 : 0));
  const tail = token.slice(mutation.op === 'insert' ? at : at + 1);
  return token.slice(0, at) + (mutation.op === 'delete' ? '' : mutation.char) + tail;
}

/** Signs and mutates the case's token and publishes its key set. */
export function buildCase(c: JWSCase): BuiltCase {
  const { alg, name } = c.signer;
  const payload = bytesOf(PAYLOADS[c.payload] ?? '');
  const encodedHeader = encodeSegment(headerBytes(c, alg), c.headerEncoding);
  // RFC 7797: with b64 false the payload goes into the token (and the signing input) as it is.
  const encodedPayload = c.unencodedPayload
    ? new TextDecoder().decode(payload)
    : encodeSegment(payload, c.payloadEncoding);
  const signingInput = new TextEncoder().encode(`${encodedHeader}.${encodedPayload}`);
  const signature = mutateSignature(
    signBytes(alg, KEY_POOL[name].privateKey, signingInput),
    c.signatureMutation,
  );
  const token = `${encodedHeader}.${encodedPayload}.${encodeSegment(signature, c.signatureEncoding)}`;
  const keys = [
    ...(c.signerInJWKS ? [publishedKey({ ...c.signerEntry, name }, alg)] : []),
    ...c.otherEntries.map((entry) => publishedKey(entry)),
  ];
  return { token: mutateText(token, c.textMutation), jwks: { keys }, advertised: c.advertised };
}
