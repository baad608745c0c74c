/**
 * Choosing the keys of a JSON Web Key Set (RFC 7517 §5) that may verify a token, with one refetch of the set when
 * none matches (key rotation) and one in the background when the set is old (a key removed after a leak); one
 * request at a time. Part of the chunk loaded on demand (`protocolFlows.ts`).
 */
import { isJSONObject, isStringArray, type JSONObject } from './json.js';
import type { JWKSCache } from './jwks.js';
import { algorithmSpec, type JWSHeader, type KeyResolver } from './jws.js';
import type { JSONWebKeySet } from './types.js';

/**
 * The one algorithm an RSA key that names none verifies: the first RSA algorithm (`RS*`, `PS*`) the discovery
 * document's `id_token_signing_alg_values_supported` lists (Fief: `RS256`), else `RS256`. One key, one algorithm:
 * a key must never verify both an `RS256` and a `PS256` token. EC and OKP keys need no such rule: their curve
 * names their one algorithm.
 */
export function defaultRSAAlgorithm(advertised: readonly string[] | undefined): string {
  return advertised?.find((alg) => /^(RS|PS)(256|384|512)$/.test(alg)) ?? 'RS256';
}

/** Members of a private or symmetric JWK (RFC 7518 §6.2.2, §6.3.2, §6.4). */
const SECRET_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * Whether `key` is a public key published to verify signatures: no private or symmetric member (a key set that
 * publishes one is compromised: anyone may sign), a boolean `ext` if any, and `key_ops` (RFC 7517 §4.3: distinct
 * operations) that are only `verify` if given: a public key can do nothing else, and WebCrypto (jose) refuses to
 * import one with other operations.
 */
function isPublicVerificationKey(key: JSONObject): boolean {
  const keyOps = key.key_ops;
  return (
    !SECRET_MEMBERS.some((member) => member in key) &&
    (key.ext === undefined || typeof key.ext === 'boolean') &&
    (keyOps === undefined || (isStringArray(keyOps) && keyOps.length === 1 && keyOps[0] === 'verify'))
  );
}

/**
 * The keys of `jwks` that can verify a JWS with `header`: the key type and curve of its `alg`, meant for
 * signatures (`use`, `key_ops`), the same `alg` as the key's (or, for an RSA key that names none,
 * {@link defaultRSAAlgorithm}), and the same `kid` if the token names one.
 */
export function matchingKeys(jwks: unknown, header: JWSHeader, advertised?: readonly string[]): JSONObject[] {
  const keys: unknown[] = isJSONObject(jwks) && Array.isArray(jwks.keys) ? jwks.keys : [];
  const spec = algorithmSpec(header.alg);
  const rsaDefault = defaultRSAAlgorithm(advertised);
  return keys.filter(
    (key): key is JSONObject =>
      isJSONObject(key) &&
      key.kty === spec.kty &&
      (spec.crv === undefined || key.crv === spec.crv) &&
      (key.use === undefined || key.use === 'sig') &&
      isPublicVerificationKey(key) &&
      (key.alg ?? (spec.kty === 'RSA' ? rsaDefault : header.alg)) === header.alg &&
      (header.kid === undefined || key.kid === header.kid),
  );
}

/** A resolver over a fixed key set: no refetch. */
export const staticKeyResolver =
  (jwks: unknown, advertised?: readonly string[]): KeyResolver =>
  async (header) =>
    matchingKeys(jwks, header, advertised);

/**
 * After a refetch for an unknown `kid` that succeeded, the next one waits this long (as jose's remote key sets do):
 * a stream of tokens naming made-up keys, sent to a server that validates access tokens, cannot turn into a stream
 * of requests. A failed refetch starts no such wait (jose's neither): a key Fief rotated in meanwhile must be found
 * soon after Fief answers again; it starts the shorter {@link JWKS_FAILED_REFETCH_BACKOFF_MS}. A clock set back
 * before the refetch ends the wait (its age is unknown, as for {@link JWKS_MAX_AGE_MS}; jose's would last as long as
 * the clock was set back, refusing a key Fief rotates in meanwhile as invalid).
 */
export const JWKS_REFETCH_COOLDOWN_MS = 30_000;

/**
 * How long a key set is trusted without asking Fief again (jose's remote key sets: 10 minutes). Past it, the next
 * token's check refetches the set in the background: a key Fief removed (after a leak) stops verifying once Fief
 * answers, while the users' tokens are checked against the held set meanwhile (a slow or down Fief costs them
 * nothing). A refetch that fails is tried again no sooner than {@link JWKS_REFETCH_COOLDOWN_MS} later.
 */
export const JWKS_MAX_AGE_MS = 600_000;

/**
 * After a refetch that failed (Fief down, an error status, an answer that is no key set), an access token naming a key
 * the held set lacks is refused this long with that refetch's error (a `FiefRequestError`: an API answers 503, the token
 * may be good), and Fief is not asked. jose's remote key sets start no wait after a failure, so during an outage each
 * such token asks again (one request at a time): anyone can make them, so a stream of them was a stream of requests to
 * a Fief already down. 5 s bounds that at 12 a minute, and a key Fief rotated in during the outage is refused (503,
 * not 401: its users stay signed in) no longer than 5 s after the last failed answer: jose's own request timeout, the
 * time a jose user already waits on one failed request. A successful refetch ends it; so does a clock set back
 * before the failure (its age is unknown, as for {@link JWKS_MAX_AGE_MS}). ID tokens are not held back: they come in
 * Fief's answer to this client's own token request, not from anyone, and one refused would end an SPA's session (the
 * refresh token that brought it is spent).
 */
export const JWKS_FAILED_REFETCH_BACKOFF_MS = 5_000;

/** When each key set was last refetched successfully (kept here: this code loads on demand). */
const lastRefetchAt = new WeakMap<JWKSCache, number>();

/**
 * Whether `now` is less than `windowMs` after `at`. A clock set back before `at` is not: the time since is then
 * unknown, and every wait and age of this module ends rather than last as long as the clock was set back.
 */
function isWithin(at: number, now: number, windowMs: number): boolean {
  return now >= at && now - at < windowMs;
}

/** The last failed refetch of each cache, when it failed; a successful refetch forgets it. */
interface RefetchFailure {
  readonly at: number;
  readonly error: unknown;
}
const lastFailure = new WeakMap<JWKSCache, RefetchFailure>();

/**
 * The last key set each cache gave this resolver, and from when its age counts. A token its keys verify is checked
 * against it at once: anyone can send a token naming a made-up `kid`, so the refetch that starts must not make the
 * users' tokens wait for a slow Fief (the cache hands out the refetch in flight), nor fail with it while Fief is down.
 */
interface HeldSet {
  readonly keys: JSONWebKeySet;
  since: number;
}
const heldSets = new WeakMap<JWKSCache, HeldSet>();

/** Holds `keys` as the cache's set, its age counting from now unless it is the set already held. */
function hold(cache: JWKSCache, keys: JSONWebKeySet, now: number): void {
  if (heldSets.get(cache)?.keys !== keys) heldSets.set(cache, { keys, since: now });
}

/** Puts the held set back in a cache that forgot its set when a refetch failed: it still verifies what it did. */
function restoreHeld(cache: JWKSCache): void {
  const held = heldSets.get(cache);
  if (held !== undefined) cache.seed(() => held.keys);
}

/**
 * The refetch in flight for each cache, whichever check started it. Fief gets one key-set request at a time: two
 * could answer in either order, and an answer published before a key was removed would then replace the set that
 * removed it; and a Fief that never answers would collect one more request per cooldown.
 */
const refetching = new WeakMap<JWKSCache, Promise<JSONWebKeySet>>();

/** Refetches the cache's set in place of `stale`, or joins the refetch in flight. */
function refetchOnce(cache: JWKSCache, stale: Promise<JSONWebKeySet>): Promise<JSONWebKeySet> {
  const inFlight = refetching.get(cache);
  if (inFlight !== undefined) return inFlight;
  const request = cache.refetch(stale);
  refetching.set(cache, request);
  const done = () => {
    if (refetching.get(cache) === request) refetching.delete(cache);
  };
  request.then(
    () => {
      done();
      lastFailure.delete(cache);
    },
    (error: unknown) => {
      done();
      lastFailure.set(cache, { at: Date.now(), error });
      restoreHeld(cache);
    },
  );
  return request;
}

/** Refetches a held set past {@link JWKS_MAX_AGE_MS} in the background; the held set answers until it succeeds. */
function renewAged(cache: JWKSCache, held: HeldSet, now: number): void {
  if (isWithin(held.since, now, JWKS_MAX_AGE_MS)) return;
  // Counted as aged again a cooldown from now: during an outage one refetch per cooldown.
  held.since = now - JWKS_MAX_AGE_MS + JWKS_REFETCH_COOLDOWN_MS;
  refetchOnce(cache, cache.get()).then(
    // Starts no unknown-kid cooldown: a key Fief rotates in just after must be found at once, not refused as
    // invalid for 30 s (an SPA would sign its user out). It costs at most one more request per maximum age.
    (keys) => hold(cache, keys, Date.now()),
    () => {}, // the held set answers meanwhile (`refetchOnce` put it back in the cache)
  );
}

/**
 * A resolver over the client's cached key set: the set held (refetched in the background past
 * {@link JWKS_MAX_AGE_MS}), then the cached one, then one refetch if no key matches, unless the last successful
 * refetch is less than {@link JWKS_REFETCH_COOLDOWN_MS} old (then the set as it is, or as the refetch still in
 * flight brings it) or, for tokens `fromAnyone`, the last one failed less than {@link JWKS_FAILED_REFETCH_BACKOFF_MS}
 * ago (then its error). A refetch that fails leaves the held set in the cache.
 *
 * @param fromAnyone - The tokens may come from anyone (the access tokens an API is sent), not only from Fief's answers
 *   to this client's token requests (ID tokens).
 */
export const cachedKeyResolver =
  (cache: JWKSCache, advertised?: readonly string[], fromAnyone = false): KeyResolver =>
  async (header) => {
    const held = heldSets.get(cache);
    if (held !== undefined) renewAged(cache, held, Date.now());
    const heldKeys = held === undefined ? [] : matchingKeys(held.keys, header, advertised);
    if (heldKeys.length > 0) return heldKeys;
    const cached = cache.get();
    const current = await cached;
    hold(cache, current, Date.now());
    const keys = matchingKeys(current, header, advertised);
    if (keys.length > 0) return keys;
    const now = Date.now();
    const refetchedAt = lastRefetchAt.get(cache) ?? Number.NEGATIVE_INFINITY;
    const coolingDown = isWithin(refetchedAt, now, JWKS_REFETCH_COOLDOWN_MS);
    if (!coolingDown) {
      const failure = lastFailure.get(cache);
      if (fromAnyone && failure !== undefined && isWithin(failure.at, now, JWKS_FAILED_REFETCH_BACKOFF_MS)) {
        throw failure.error; // Fief failed a moment ago: no request (JWKS_FAILED_REFETCH_BACKOFF_MS)
      }
      lastRefetchAt.set(cache, now);
    }
    let refetched: JSONWebKeySet;
    try {
      refetched = await (coolingDown ? cache.get() : refetchOnce(cache, cached));
    } catch (error) {
      // The cache forgot the set when the refetch failed: the set held still verifies the tokens it did.
      cache.seed(() => current);
      // A refetch that failed learned nothing: it starts no cooldown, only the short backoff (`refetchOnce` set it).
      // Else a key Fief rotated in during a blip stays refused as invalid, over the seeded set, for the whole
      // cooldown after Fief answers again.
      if (!coolingDown && lastRefetchAt.get(cache) === now) lastRefetchAt.delete(cache);
      throw error;
    }
    hold(cache, refetched, Date.now());
    return matchingKeys(refetched, header, advertised);
  };
