/**
 * The short backoff after a failed key-set refetch (`JWKS_FAILED_REFETCH_BACKOFF_MS`, `jwkSelection.ts`): a token
 * naming a key the held set lacks is refused with the failure's error and no request while it lasts; it ends on the
 * clock (a key Fief rotated in during the outage verifies right after), on a successful refetch, and when the clock
 * is set back before the failure (its age is then unknown, as the held set's). The held set answers throughout.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fief, FiefRequestError } from '../../index.js';
import { JWKS_FAILED_REFETCH_BACKOFF_MS, JWKS_MAX_AGE_MS } from '../jwkSelection.js';
import { CLIENT_ID, FakeFief, JWKS_PATH, makeKey, movableClock, type SigningKey, sign } from './fakeFief.js';

const server = new FakeFief();
const MINUTE = 60_000;
let key: SigningKey;
let rotated: SigningKey;

beforeAll(async () => {
  await server.start();
  key = await makeKey('RS256', 'fief-key');
  rotated = await makeKey('RS256', 'rotated-key');
});
afterAll(() => server.close());
beforeEach(() => server.reset([key]));
afterEach(() => vi.restoreAllMocks());

const at = movableClock();
const validate = async (fief: Fief, signer: SigningKey) =>
  fief.validateAccessToken(await sign(server.accessClaims(), signer));
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
const requests = () => server.count(JWKS_PATH);

/**
 * A `Fief` holding the set (fetched at 0), whose refetch for the key Fief then rotates in failed at `failedAt`
 * (Fief down); Fief answers again right after, with the rotated key published. Returns the failure's error.
 */
async function afterFailedRefetch(failedAt: number): Promise<{ fief: Fief; failure: unknown }> {
  at(0);
  const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
  await expect(validate(fief, key)).resolves.toMatchObject({ id: 'user-1' });
  server.jwksAnswer = { status: 503, body: 'down' };
  at(failedAt);
  const failure = await validate(fief, rotated).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(FiefRequestError);
  server.jwksAnswer = undefined;
  server.jwks = { keys: [key.publicJWK, rotated.publicJWK] };
  return { fief, failure };
}

describe('a refetch that failed', () => {
  it("refuses a key the set lacks with the failure's error, asking no one, until the backoff ends", async () => {
    const { fief, failure } = await afterFailedRefetch(MINUTE);
    const before = requests();
    for (const t of [MINUTE, MINUTE + 1, MINUTE + JWKS_FAILED_REFETCH_BACKOFF_MS - 1]) {
      at(t);
      await expect(validate(fief, rotated)).rejects.toBe(failure);
      await expect(validate(fief, key)).resolves.toMatchObject({ id: 'user-1' }); // the held set answers
    }
    expect(requests()).toBe(before);
    // The backoff is over: the key Fief rotated in meanwhile verifies, in one request.
    at(MINUTE + JWKS_FAILED_REFETCH_BACKOFF_MS);
    await expect(validate(fief, rotated)).resolves.toMatchObject({ id: 'user-1' });
    expect(requests()).toBe(before + 1);
  });

  it('counts from the failure, not from the request: a request Fief answered late', async () => {
    at(0);
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
    await validate(fief, key);
    let answer: (() => void) | undefined;
    server.onJWKS = () =>
      new Promise((resolve) => {
        answer = () => resolve({ status: 503, body: 'down' });
      });
    at(MINUTE);
    const failed = validate(fief, rotated).catch((error: unknown) => error);
    await vi.waitFor(() => expect(answer).toBeDefined());
    at(MINUTE + JWKS_FAILED_REFETCH_BACKOFF_MS); // Fief answers (a 503) a backoff after the request left
    answer?.();
    await expect(failed).resolves.toBeInstanceOf(FiefRequestError);
    server.onJWKS = undefined;
    server.jwks = { keys: [key.publicJWK, rotated.publicJWK] };
    const before = requests();
    at(MINUTE + 2 * JWKS_FAILED_REFETCH_BACKOFF_MS - 1);
    await expect(validate(fief, rotated)).rejects.toBeInstanceOf(FiefRequestError);
    expect(requests()).toBe(before);
  });
});

describe('the backoff', () => {
  it('ends with a successful refetch: an aging refetch that succeeds inside it', async () => {
    // The failure comes a second before the held set's maximum age; the aging refetch a second later succeeds.
    const { fief } = await afterFailedRefetch(JWKS_MAX_AGE_MS - 1_000);
    server.jwks = { keys: [key.publicJWK] }; // the rotated key is not published yet
    at(JWKS_MAX_AGE_MS);
    await expect(validate(fief, key)).resolves.toMatchObject({ id: 'user-1' }); // starts the aging refetch
    await fief.getJWKS();
    await settle();
    server.jwks = { keys: [key.publicJWK, rotated.publicJWK] }; // published after that answer
    const before = requests();
    at(JWKS_MAX_AGE_MS + 1_000); // still inside the backoff of the failure
    await expect(validate(fief, rotated)).resolves.toMatchObject({ id: 'user-1' });
    expect(requests()).toBe(before + 1);
  });

  it('ends when the clock is set back before the failure (its age is unknown)', async () => {
    const { fief } = await afterFailedRefetch(5 * MINUTE);
    // Set back to 1 min: after the set was fetched (it does not age: no aging refetch), before the failure.
    at(MINUTE);
    const before = requests();
    await expect(validate(fief, rotated)).resolves.toMatchObject({ id: 'user-1' });
    expect(requests()).toBe(before + 1);
  });

  it('is not lengthened by a clock set back inside it, nor ended', async () => {
    const { fief, failure } = await afterFailedRefetch(MINUTE);
    const before = requests();
    at(MINUTE + 2_000);
    await expect(validate(fief, rotated)).rejects.toBe(failure);
    at(MINUTE + 1_000); // set back, still after the failure: the backoff still counts from it
    await expect(validate(fief, rotated)).rejects.toBe(failure);
    expect(requests()).toBe(before);
    at(MINUTE + JWKS_FAILED_REFETCH_BACKOFF_MS);
    await expect(validate(fief, rotated)).resolves.toMatchObject({ id: 'user-1' });
  });
});
