/**
 * The JSON Web Key Set (RFC 7517 §5) of one client: fetched once, shared by concurrent callers, and refetched once
 * when a token names a key it does not hold (key rotation; the matching itself is in `jwkSelection.ts`).
 */
import { type HTTPContext, malformedResponse, requestJSON } from './http.js';
import type { JSONWebKeySet } from './types.js';

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
  refetch(stale: Promise<JSONWebKeySet>): Promise<JSONWebKeySet> {
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
}
