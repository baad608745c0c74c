/**
 * A key Fief stops publishing (removed after a leak) in an API that runs for weeks. The key set ages: past
 * `JWKS_MAX_AGE_MS` the next token's check refetches it in the background, and once Fief answers the removed key
 * verifies nothing. Meanwhile, and while Fief is slow or down, the users' tokens are checked against the held set.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fief, FiefAccessTokenInvalid } from '../../index.js';
import { JWKS_MAX_AGE_MS, JWKS_REFETCH_COOLDOWN_MS } from '../jwkSelection.js';
import { CLIENT_ID, FakeFief, JWKS_PATH, makeKey, movableClock, type SigningKey, sign } from './fakeFief.js';

const server = new FakeFief();
let leaked: SigningKey;
let replacement: SigningKey;

beforeAll(async () => {
  await server.start();
  leaked = await makeKey('RS256', 'leaked-key');
  replacement = await makeKey('RS256', 'replacement-key');
});
afterAll(() => server.close());
beforeEach(() => server.reset([leaked, replacement]));
afterEach(() => vi.restoreAllMocks());

const at = movableClock();

const validate = async (fief: Fief, key: SigningKey) =>
  fief.validateAccessToken(await sign(server.accessClaims(), key));
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

/** A `Fief` that verified a token of the leaked key at the start, then Fief removed that key. */
async function afterRemoval(options: Partial<ConstructorParameters<typeof Fief>[0]> = {}) {
  at(0);
  const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID, ...options });
  await expect(validate(fief, leaked)).resolves.toMatchObject({ id: 'user-1' });
  server.jwks = { keys: [replacement.publicJWK] };
  return { fief, requests: server.count(JWKS_PATH) };
}

describe('a key Fief no longer publishes', () => {
  it('still verifies while the key set is younger than its maximum age, with no request', async () => {
    const { fief, requests } = await afterRemoval();
    at(JWKS_MAX_AGE_MS - 1);
    await expect(validate(fief, leaked)).resolves.toMatchObject({ id: 'user-1' });
    await settle();
    expect(server.count(JWKS_PATH)).toBe(requests);
  });

  it('is refused once the refetch past the maximum age has answered', async () => {
    const { fief, requests } = await afterRemoval();
    at(JWKS_MAX_AGE_MS);
    // This check started the refetch; it was answered from the held set.
    await expect(validate(fief, leaked)).resolves.toMatchObject({ id: 'user-1' });
    await fief.getJWKS();
    await expect(validate(fief, leaked)).rejects.toBeInstanceOf(FiefAccessTokenInvalid);
    await expect(validate(fief, replacement)).resolves.toMatchObject({ id: 'user-1' });
    // The removed kid, unknown now, asked once more (an aging refetch starts no cooldown), then no more within it.
    expect(server.count(JWKS_PATH)).toBe(requests + 2);
    await expect(validate(fief, leaked)).rejects.toBeInstanceOf(FiefAccessTokenInvalid);
    expect(server.count(JWKS_PATH)).toBe(requests + 2);
  });

  it('ages a key set given to the constructor from its first use', async () => {
    const { fief, requests } = await afterRemoval({ jwks: { keys: [leaked.publicJWK] } });
    expect(requests).toBe(0);
    at(JWKS_MAX_AGE_MS + 1);
    await validate(fief, leaked);
    await fief.getJWKS();
    await expect(validate(fief, leaked)).rejects.toBeInstanceOf(FiefAccessTokenInvalid);
  });

  it('is refused after a clock set back, whose age is unknown', async () => {
    const { fief } = await afterRemoval();
    at(-3_600_000);
    await validate(fief, leaked);
    await fief.getJWKS();
    await expect(validate(fief, leaked)).rejects.toBeInstanceOf(FiefAccessTokenInvalid);
  });
});

describe('the refetch past the maximum age', () => {
  it('makes no token wait while Fief stalls, and is one request for all of them', async () => {
    const { fief, requests } = await afterRemoval();
    server.jwksAnswer = { body: '{"keys":', stallAfter: 3 };
    at(JWKS_MAX_AGE_MS + 1);
    const checks = await Promise.all([
      validate(fief, leaked),
      validate(fief, leaked),
      validate(fief, leaked),
    ]);
    expect(checks).toMatchObject([{ id: 'user-1' }, { id: 'user-1' }, { id: 'user-1' }]);
    await settle();
    expect(server.count(JWKS_PATH)).toBe(requests + 1);
  });

  it('keeps the held set when it fails, and is tried again a cooldown later, not for each token', async () => {
    const { fief, requests } = await afterRemoval();
    server.jwksAnswer = { status: 503, body: 'down' };
    at(JWKS_MAX_AGE_MS + 1);
    await expect(validate(fief, leaked)).resolves.toMatchObject({ id: 'user-1' });
    await settle();
    at(JWKS_MAX_AGE_MS + JWKS_REFETCH_COOLDOWN_MS);
    await expect(validate(fief, leaked)).resolves.toMatchObject({ id: 'user-1' });
    await settle();
    expect(server.count(JWKS_PATH)).toBe(requests + 1);

    server.jwksAnswer = undefined; // Fief is back
    at(JWKS_MAX_AGE_MS + 1 + JWKS_REFETCH_COOLDOWN_MS);
    await validate(fief, leaked);
    await fief.getJWKS();
    expect(server.count(JWKS_PATH)).toBe(requests + 2);
    await expect(validate(fief, leaked)).rejects.toBeInstanceOf(FiefAccessTokenInvalid);
  });
});
