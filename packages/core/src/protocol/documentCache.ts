/**
 * A document a client fetches once and keeps (the discovery document, the JWKS): one request shared by concurrent
 * callers, forgotten when it fails so that the next call tries again.
 */

/**
 * Holds one document. `get()` shares one request between concurrent callers and keeps its result; a failed request
 * is forgotten so that the next call tries again.
 */
export class DocumentCache<T> {
  readonly #load: () => Promise<T>;
  readonly #initial: T | undefined;
  #current: Promise<T> | undefined;

  constructor(load: () => Promise<T>, initial?: T) {
    this.#load = load;
    this.#initial = initial;
  }

  /** The document: the preloaded one, the cached one, or one fetched now. */
  get(): Promise<T> {
    this.#current ??= this.#initial ? Promise.resolve(this.#initial) : this.#fetch();
    return this.#current;
  }

  /** Replaces `stale` with a fresh fetch, unless another caller already did: rotations share one request. */
  refetch(stale: Promise<T>): Promise<T> {
    if (this.#current === stale) this.#current = this.#fetch();
    return this.get();
  }

  /**
   * Holds what `load` gives (a copy kept earlier, or one still being checked: forgotten if the check fails) unless a
   * document is already held or on its way: it never replaces one. Returns whether it did.
   */
  seed(load: () => T | Promise<T>): boolean {
    if (this.#current !== undefined) return false;
    this.#current = this.#fetch(load);
    return true;
  }

  #fetch(load: () => T | Promise<T> = this.#load): Promise<T> {
    const request = Promise.resolve(load());
    request.catch(() => {
      if (this.#current === request) this.#current = undefined;
    });
    return request;
  }
}
