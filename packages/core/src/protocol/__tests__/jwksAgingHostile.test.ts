/**
 * The key set's maximum age (`JWKS_MAX_AGE_MS`, `jwkSelection.ts`) against a Fief that answers badly or a clock
 * that jumps, and what it costs: an empty set is taken at its word, a `kid` Fief reuses for another key names only
 * the new one, ID-token and access-token checks age one set, a refresh past the age waits for no JWKS request, and
 * a long-lived API asks Fief once per maximum age while healthy, once per cooldown while Fief is down.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fief, FiefAccessTokenInvalid, FiefIdTokenInvalid } from '../../index.js';
import {
  JWKS_FAILED_REFETCH_BACKOFF_MS,
  JWKS_MAX_AGE_MS,
  JWKS_REFETCH_COOLDOWN_MS,
} from '../jwkSelection.js';
import { CLIENT_ID, FakeFief, JWKS_PATH, makeKey, movableClock, type SigningKey, sign } from './fakeFief.js';
import { JWKSGate } from './jwksGate.js';

const server = new FakeFief();
let key: SigningKey;
let other: SigningKey;

beforeAll(async () => {
  await server.start();
  key = await makeKey('RS256', 'fief-key');
  other = await makeKey('RS256', 'other-key');
});
afterAll(() => server.close());
beforeEach(() => server.reset([key]));
afterEach(() => vi.restoreAllMocks());

const at = movableClock();
const validate = async (fief: Fief, signer: SigningKey, kid?: string) =>
  fief.validateAccessToken(await sign(server.accessClaims(), signer, kid === undefined ? {} : { kid }));
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

/** A `Fief` that checked a token of `key` at the start: it holds the set. */
async function holding(): Promise<Fief> {
  at(0);
  const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
  await expect(validate(fief, key)).resolves.toMatchObject({ id: 'user-1' });
  return fief;
}

describe('an empty key set, a valid answer', () => {
  // Decided: taken at its word. A key set is Fief's statement of the keys that verify its tokens; Fief publishes
  // none only when its operator removed every key (after a leak, before a replacement is in): keeping the held keys
  // would trust the ones it withdrew. A broken answer (not JSON, no `keys` array, an error status) says nothing and
  // keeps the held set (jwksRefetchGuards.test.ts).
  it('drops every key once the aging refetch brings it, and asks again no sooner than a cooldown later', async () => {
    const fief = await holding();
    const before = server.count(JWKS_PATH);
    server.jwks = { keys: [] };
    at(JWKS_MAX_AGE_MS);
    await validate(fief, key); // starts the refetch, answered from the held set
    await settle();
    await expect(fief.getJWKS()).resolves.toEqual({ keys: [] });
    for (let i = 0; i < 5; i += 1) {
      await expect(validate(fief, key)).rejects.toBeInstanceOf(FiefAccessTokenInvalid);
    }
    // The aging refetch, then one for the kid now unknown (an aging refetch starts no cooldown; that one does).
    expect(server.count(JWKS_PATH)).toBe(before + 2);

    server.jwks = { keys: [key.publicJWK] }; // the key is back
    at(JWKS_MAX_AGE_MS + JWKS_REFETCH_COOLDOWN_MS + 1);
    await expect(validate(fief, key)).resolves.toMatchObject({ id: 'user-1' });
    expect(server.count(JWKS_PATH)).toBe(before + 3);
  });
});

describe('a kid Fief reuses for another key', () => {
  it('verifies only the new key once the aging refetch brings it', async () => {
    const fief = await holding();
    server.jwks = { keys: [{ ...other.publicJWK, kid: key.kid }] };
    at(JWKS_MAX_AGE_MS);
    await validate(fief, key);
    await fief.getJWKS();
    await settle();
    await expect(validate(fief, key)).rejects.toBeInstanceOf(FiefAccessTokenInvalid);
    await expect(validate(fief, other, key.kid)).resolves.toMatchObject({ id: 'user-1' });
  });
});

describe('a huge key set', () => {
  it('of 2,000 keys still finds the one a token names, in one request', async () => {
    const fief = await holding();
    const before = server.count(JWKS_PATH);
    const decoys = Array.from({ length: 2_000 }, (_, i) => ({ ...other.publicJWK, kid: `decoy-${i}` }));
    server.jwks = { keys: [...decoys, key.publicJWK] };
    at(JWKS_MAX_AGE_MS);
    await validate(fief, key);
    await settle();
    await expect(fief.getJWKS()).resolves.toMatchObject({ keys: expect.arrayContaining([key.publicJWK]) });
    await expect(validate(fief, key)).resolves.toMatchObject({ id: 'user-1' });
    await expect(validate(fief, other, 'decoy-1999')).resolves.toMatchObject({ id: 'user-1' });
    expect(server.count(JWKS_PATH)).toBe(before + 1);
  });
});

describe('a clock that jumps back and forth', () => {
  it('makes at most one request per jump, one at a time, and never a token wait', async () => {
    const fief = await holding();
    const gate = new JWKSGate(server);
    const before = server.count(JWKS_PATH);
    const jumps = 10;
    for (let jump = 0; jump < jumps; jump += 1) {
      at(jump % 2 === 0 ? -3_600_000 : 3_600_000);
      await expect(validate(fief, key)).resolves.toMatchObject({ id: 'user-1' });
      await settle();
    }
    expect(gate.maxInFlight).toBe(1);
    expect(server.count(JWKS_PATH) - before).toBeGreaterThan(0);
    expect(server.count(JWKS_PATH) - before).toBeLessThanOrEqual(jumps);
  });
});

describe('a clock set back after a refetch for an unknown kid', () => {
  // The cooldown counts from a time now in the future: its age is unknown, as the held set's, so it is over (as the
  // backoff after a failure). Before, it lasted as long as the clock was set back: a key Fief rotated in was refused
  // as invalid (401: an SPA signs its user out) until the next aging refetch, a cooldown later.
  it('does not lengthen its cooldown: a key Fief rotates in during an outage verifies once the backoff is over', async () => {
    const fief = await holding();
    at(60_000);
    await expect(validate(fief, other)).rejects.toBeInstanceOf(FiefAccessTokenInvalid); // refetched: not there
    server.jwksAnswer = { status: 503, body: 'down' };
    at(60_000 - 3_600_000); // set back by an hour: the set counts as aged, its refetch fails
    await expect(validate(fief, key)).resolves.toMatchObject({ id: 'user-1' });
    await settle();
    server.jwksAnswer = undefined;
    server.jwks = { keys: [key.publicJWK, other.publicJWK] }; // Fief is back, with a new key
    at(60_000 - 3_600_000 + JWKS_FAILED_REFETCH_BACKOFF_MS);
    await expect(validate(fief, other)).resolves.toMatchObject({ id: 'user-1' });
  });
});

describe('ID-token and access-token checks of one Fief', () => {
  it('age one set: an aging refetch started by a callback removes the key for access tokens', async () => {
    const fief = await holding();
    const before = server.count(JWKS_PATH);
    server.jwks = { keys: [other.publicJWK] }; // the key is removed
    at(JWKS_MAX_AGE_MS);
    server.tokens = {
      access_token: 'a',
      id_token: await sign(server.claims(), key),
      token_type: 'bearer',
      expires_in: 3600,
    };
    // Checked against the held set; the aging refetch goes on in the background.
    await expect(fief.authCallback('code', 'http://127.0.0.1/cb', 'verifier')).resolves.toHaveLength(2);
    await settle();
    await expect(validate(fief, key)).rejects.toBeInstanceOf(FiefAccessTokenInvalid);
    await expect(fief.authCallback('code', 'http://127.0.0.1/cb', 'verifier')).rejects.toBeInstanceOf(
      FiefIdTokenInvalid,
    );
    expect(server.count(JWKS_PATH)).toBe(before + 2); // the aging refetch, then one for the kid now unknown
  });
});

describe('a refresh past the maximum age', () => {
  it('waits for no JWKS request: the refetch, stalled, goes on beside it', async () => {
    const fief = await holding();
    server.jwksAnswer = { body: '{"keys":', stallAfter: 3 };
    server.tokens = {
      access_token: 'a',
      refresh_token: 'r2',
      id_token: await sign(server.claims(), key),
      token_type: 'bearer',
      expires_in: 3600,
    };
    at(JWKS_MAX_AGE_MS + 1);
    const before = server.count(JWKS_PATH);
    const started = performance.now();
    await expect(fief.authRefreshToken('r1')).resolves.toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(1_000);
    await settle();
    expect(server.count(JWKS_PATH)).toBe(before + 1); // the background refetch, still stalled
  });
});

describe('getJWKS() while the aging refetch stalls', () => {
  // Fails: `getJWKS()` hands out the cache's promise, which is the refetch in flight: past 10 minutes, while Fief
  // stalls, it waits for it (up to the 30 s request timeout) and then rejects, though a set is held and every token
  // check answers from it. The README's `decodeIDToken({ jwks: await fief.getJWKS() })` then fails during a Fief
  // stall. Left for the owner: `getJWKS()` is in the entry chunk and the held set in the lazy one (reaching it costs
  // entry bytes), and the tests use `await fief.getJWKS()` to wait for a refetch to land.
  it.fails('answers the held set at once', async () => {
    const fief = await holding();
    const gate = new JWKSGate(server);
    gate.holding = true;
    at(JWKS_MAX_AGE_MS);
    await validate(fief, key);
    await gate.arrived(1);
    const answered = await Promise.race([fief.getJWKS(), settle().then(() => 'waiting')]);
    gate.drain();
    expect(answered).toEqual({ keys: [key.publicJWK] });
  });
});

describe('a key Fief rotates in just after an aging refetch', () => {
  // A successful aging refetch starts no unknown-kid cooldown: else the token of a key Fief starts signing with
  // right after would be refused as invalid (401; an SPA signs its user out) for up to 30 s.
  it('is found at once', async () => {
    const fief = await holding();
    at(JWKS_MAX_AGE_MS);
    await validate(fief, key);
    await fief.getJWKS();
    await settle();
    server.jwks = { keys: [key.publicJWK, other.publicJWK] };
    at(JWKS_MAX_AGE_MS + 1_000);
    await expect(validate(fief, other)).resolves.toMatchObject({ id: 'user-1' });
  });
});
