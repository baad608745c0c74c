/**
 * The key set's two refetches (`jwkSelection.ts`), for an unknown `kid` and past `JWKS_MAX_AGE_MS`, meeting each
 * other or a stalled Fief: Fief gets one key-set request at a time, so that answers cannot overtake each other, and
 * a key a successful refetch removed never comes back from an older answer or an older copy seeded after a failure.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fief, FiefAccessTokenInvalid } from '../../index.js';
import { JWKS_MAX_AGE_MS, JWKS_REFETCH_COOLDOWN_MS } from '../jwkSelection.js';
import { CLIENT_ID, FakeFief, makeKey, movableClock, type SigningKey, sign } from './fakeFief.js';
import { JWKSGate } from './jwksGate.js';

const server = new FakeFief();
let leaked: SigningKey;
let replacement: SigningKey;
let stranger: SigningKey;
let gate: JWKSGate;

beforeAll(async () => {
  await server.start();
  leaked = await makeKey('RS256', 'leaked-key');
  replacement = await makeKey('RS256', 'replacement-key');
  stranger = await makeKey('RS256', 'made-up-kid');
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset([leaked, replacement]);
  gate = new JWKSGate(server);
});
afterEach(() => {
  gate.drain();
  vi.restoreAllMocks();
});

const at = movableClock();
const validate = async (fief: Fief, key: SigningKey) =>
  fief.validateAccessToken(await sign(server.accessClaims(), key));
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

/** A `Fief` holding the set with both keys, then Fief answers JWKS requests only when the test says. */
async function holdingBoth(): Promise<Fief> {
  at(0);
  const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
  await validate(fief, leaked);
  gate.holding = true;
  return fief;
}

describe("a stranger's refetch in flight when the key set ages", () => {
  it('is the one request: the aging check joins it', async () => {
    const fief = await holdingBoth();
    at(JWKS_MAX_AGE_MS - 1_000);
    void validate(fief, stranger).catch(() => {});
    await gate.arrived(1);
    at(JWKS_MAX_AGE_MS);
    await expect(validate(fief, leaked)).resolves.toMatchObject({ id: 'user-1' });
    expect(await gate.arrived(2, 200)).toBe(1);
    expect(gate.maxInFlight).toBe(1);
  });

  it('answering after the newer set removed the leaked key does not bring the key back', async () => {
    const fief = await holdingBoth();
    at(JWKS_MAX_AGE_MS - 1_000);
    void validate(fief, stranger).catch(() => {});
    await gate.arrived(1); // published with the leaked key
    server.jwks = { keys: [replacement.publicJWK] }; // Fief removes it
    at(JWKS_MAX_AGE_MS);
    await validate(fief, leaked);
    await gate.arrived(2, 200);
    // Newest answer first: an answer without the leaked key, once taken, must keep it refused.
    let removedByAnAnswer = false;
    while (gate.pending.length > 0) {
      const answered = gate.release(gate.pending.length - 1);
      await settle();
      removedByAnAnswer ||= !answered.published.includes(leaked.kid);
      if (removedByAnAnswer) {
        await expect(validate(fief, leaked)).rejects.toBeInstanceOf(FiefAccessTokenInvalid);
      }
    }
    // However the answers came, the next aging refetch removes the key.
    gate.holding = false;
    at(3 * JWKS_MAX_AGE_MS);
    await validate(fief, leaked).catch(() => {});
    await fief.getJWKS();
    await settle();
    await expect(validate(fief, leaked)).rejects.toBeInstanceOf(FiefAccessTokenInvalid);
  });

  it('succeeding without the leaked key, then the aging one failing, does not seed the older set back', async () => {
    const fief = await holdingBoth();
    server.jwks = { keys: [replacement.publicJWK] }; // Fief removes the leaked key
    at(JWKS_MAX_AGE_MS - 1_000);
    void validate(fief, stranger).catch(() => {});
    await gate.arrived(1); // published without the leaked key
    at(JWKS_MAX_AGE_MS);
    await validate(fief, leaked);
    await gate.arrived(2, 200);
    gate.release(0); // the stranger's refetch succeeds: the leaked key is removed
    await settle();
    gate.drain(); // any other refetch fails
    await settle();
    await expect(validate(fief, leaked)).rejects.toBeInstanceOf(FiefAccessTokenInvalid);
  });
});

describe('an aging refetch Fief leaves unanswered past the cooldown', () => {
  it('is not joined by a second request', async () => {
    const fief = await holdingBoth();
    at(JWKS_MAX_AGE_MS);
    await validate(fief, leaked);
    await gate.arrived(1);
    at(JWKS_MAX_AGE_MS + JWKS_REFETCH_COOLDOWN_MS);
    await validate(fief, leaked);
    at(JWKS_MAX_AGE_MS + 10 * JWKS_REFETCH_COOLDOWN_MS);
    await validate(fief, leaked);
    expect(await gate.arrived(2, 200)).toBe(1);
  });

  it('is not joined by a second request when the clock is set back meanwhile', async () => {
    const fief = await holdingBoth();
    at(JWKS_MAX_AGE_MS);
    await validate(fief, leaked);
    await gate.arrived(1);
    at(-3_600_000);
    await validate(fief, leaked);
    expect(await gate.arrived(2, 200)).toBe(1);
  });
});
