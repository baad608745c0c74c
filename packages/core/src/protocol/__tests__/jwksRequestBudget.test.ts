/**
 * What the key set costs Fief in a long-lived API (one `Fief` per process, a token to check every few seconds): one
 * JWKS request per `JWKS_MAX_AGE_MS` while Fief is healthy, one per `JWKS_REFETCH_COOLDOWN_MS` while it is down, and
 * one more per `JWKS_FAILED_REFETCH_BACKOFF_MS` at most when strangers' tokens come meanwhile.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fief, FiefRequestError } from '../../index.js';
import {
  JWKS_FAILED_REFETCH_BACKOFF_MS,
  JWKS_MAX_AGE_MS,
  JWKS_REFETCH_COOLDOWN_MS,
} from '../jwkSelection.js';
import { CLIENT_ID, FakeFief, JWKS_PATH, makeKey, movableClock, type SigningKey, sign } from './fakeFief.js';

const server = new FakeFief();
const MINUTE = 60_000;
let key: SigningKey;
let stranger: SigningKey;

beforeAll(async () => {
  await server.start();
  key = await makeKey('RS256', 'fief-key');
  stranger = await makeKey('RS256', 'made-up-kid');
});
afterAll(() => server.close());
beforeEach(() => server.reset([key]));
afterEach(() => vi.restoreAllMocks());

const at = movableClock();
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

/** Checks a token of `signer` every `everyMs` from `fromMs` to `toMs` (its answers are the caller's business). */
async function traffic(
  fief: Fief,
  fromMs: number,
  toMs: number,
  everyMs: number,
  signer = key,
): Promise<void> {
  for (let t = fromMs; t < toMs; t += everyMs) {
    at(t);
    await fief.validateAccessToken(await sign(server.accessClaims(), signer)).catch(() => {});
    await settle(); // a background refetch is answered before the next token
  }
}

describe('a long-lived API', () => {
  it('asks Fief for the key set once per maximum age while Fief is healthy', async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
    await traffic(fief, 0, 60 * MINUTE, 20_000);
    expect(server.count(JWKS_PATH)).toBeGreaterThanOrEqual((60 * MINUTE) / JWKS_MAX_AGE_MS);
    expect(server.count(JWKS_PATH)).toBeLessThanOrEqual((60 * MINUTE) / JWKS_MAX_AGE_MS + 1);
  }, 60_000);

  it('asks once per cooldown while Fief is down, and keeps checking the users tokens', async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
    await traffic(fief, 0, 5 * MINUTE, 15_000);
    const before = server.count(JWKS_PATH);
    server.jwksAnswer = { status: 503, body: 'down' };
    at(5 * MINUTE);
    await expect(fief.validateAccessToken(await sign(server.accessClaims(), key))).resolves.toMatchObject({
      id: 'user-1',
    });
    await traffic(fief, 5 * MINUTE, 35 * MINUTE, 10_000);
    // Aged at 10 min, then retried each cooldown until 35 min.
    const allowed = (35 * MINUTE - JWKS_MAX_AGE_MS) / JWKS_REFETCH_COOLDOWN_MS + 1;
    expect(server.count(JWKS_PATH) - before).toBeGreaterThanOrEqual(allowed - 1);
    expect(server.count(JWKS_PATH) - before).toBeLessThanOrEqual(allowed);
    at(35 * MINUTE);
    await expect(fief.validateAccessToken(await sign(server.accessClaims(), key))).resolves.toMatchObject({
      id: 'user-1',
    });
  }, 60_000);

  // A failed refetch starts a short backoff (JWKS_FAILED_REFETCH_BACKOFF_MS) in which a token naming a key the API
  // does not hold (anyone can make one) is refused with the failure's error, without asking Fief: so a stream of
  // strangers' tokens costs a Fief that is down one request per backoff, not one per token (before: one per token).
  it("asks once per backoff while Fief is down, however many strangers' tokens come", async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
    await traffic(fief, 0, MINUTE, 15_000);
    const before = server.count(JWKS_PATH);
    server.jwksAnswer = { status: 503, body: 'down' };
    at(MINUTE);
    // A burst at one instant: one request.
    for (let i = 0; i < 20; i += 1) {
      await expect(
        fief.validateAccessToken(await sign(server.accessClaims(), stranger)),
      ).rejects.toBeInstanceOf(FiefRequestError);
    }
    expect(server.count(JWKS_PATH) - before).toBe(1);
    // Two a second for two minutes, beside the users' tokens: one request per backoff.
    for (let t = MINUTE; t < 3 * MINUTE; t += 500) {
      at(t);
      await expect(
        fief.validateAccessToken(await sign(server.accessClaims(), stranger)),
      ).rejects.toBeInstanceOf(FiefRequestError);
      await expect(fief.validateAccessToken(await sign(server.accessClaims(), key))).resolves.toMatchObject({
        id: 'user-1',
      });
    }
    const allowed = (2 * MINUTE) / JWKS_FAILED_REFETCH_BACKOFF_MS;
    expect(server.count(JWKS_PATH) - before).toBeGreaterThanOrEqual(allowed - 1);
    expect(server.count(JWKS_PATH) - before).toBeLessThanOrEqual(allowed + 1);
  }, 60_000);
});
