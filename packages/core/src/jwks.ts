/**
 * The JSON Web Key Set (RFC 7517 §5): fetched once per client, shared by concurrent callers, refetched once when
 * a token names a key it does not hold (key rotation), and searched for the keys that can verify a token.
 */
import { type HTTPContext, malformedResponse, requestJSON } from './http.js';
import { isJSONObject, isStringArray, type JSONObject } from './json.js';
import { algorithmSpec, type JWSHeader, type KeyResolver } from './jws.js';
import type { JSONWebKeySet } from './types.js';

/**
 * The keys of `jwks` that can verify a JWS with `header`: the key type and curve of its `alg`, meant for
 * signatures (`use`, `key_ops`), the same `alg` if the key names one, and the same `kid` if the token names one.
 */
export function matchingKeys(jwks: unknown, header: JWSHeader): JSONObject[] {
  const keys: unknown[] = isJSONObject(jwks) && Array.isArray(jwks.keys) ? jwks.keys : [];
  const spec = algorithmSpec(header.alg);
  return keys.filter(
    (key): key is JSONObject =>
      isJSONObject(key) &&
      key.kty === spec.kty &&
      (spec.crv === undefined || key.crv === spec.crv) &&
      (key.use === undefined || key.use === 'sig') &&
      (key.key_ops === undefined || (isStringArray(key.key_ops) && key.key_ops.includes('verify'))) &&
      (key.alg === undefined || key.alg === header.alg) &&
      (header.kid === undefined || key.kid === header.kid),
  );
}

/** A resolver over a fixed key set: no refetch. */
export const staticKeyResolver =
  (jwks: unknown): KeyResolver =>
  async (header) =>
    matchingKeys(jwks, header);

/** Fetches a JWKS document and checks its shape (`keys` is an array). */
export async function fetchJWKS(context: HTTPContext, jwksURI: string): Promise<JSONWebKeySet> {
  const document = await requestJSON(context, jwksURI, { method: 'GET' });
  if (!Array.isArray(document.keys)) throw malformedResponse('the JWKS', 'a keys array');
  return document as unknown as JSONWebKeySet;
}

/**
 * Holds the key set of one client. `get()` shares one request between concurrent callers and keeps its result;
 * a failed request is forgotten so that the next call tries again.
 */
export class JWKSCache {
  readonly #load: () => Promise<JSONWebKeySet>;
  readonly #initial: JSONWebKeySet | undefined;
  #current: Promise<JSONWebKeySet> | undefined;

  constructor(load: () => Promise<JSONWebKeySet>, initial?: JSONWebKeySet) {
    this.#load = load;
    this.#initial = initial;
  }

  /** The key set: the preloaded one, the cached one, or one fetched now. */
  get(): Promise<JSONWebKeySet> {
    this.#current ??= this.#initial ? Promise.resolve(this.#initial) : this.#fetch();
    return this.#current;
  }

  /** Replaces `stale` with a fresh fetch, unless another caller already did: rotations share one request. */
  #refresh(stale: Promise<JSONWebKeySet>): Promise<JSONWebKeySet> {
    if (this.#current === stale) this.#current = this.#fetch();
    return this.get();
  }

  #fetch(): Promise<JSONWebKeySet> {
    const request = this.#load();
    request.catch(() => {
      if (this.#current === request) this.#current = undefined;
    });
    return request;
  }

  /** Key lookup for a token: the cached set first, then one refetch if no key matches. */
  readonly resolveKeys: KeyResolver = async (header) => {
    const cached = this.get();
    const keys = matchingKeys(await cached, header);
    return keys.length > 0 ? keys : matchingKeys(await this.#refresh(cached), header);
  };
}
