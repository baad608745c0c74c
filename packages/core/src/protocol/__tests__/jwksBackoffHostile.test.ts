/**
 * The failed-refetch backoff (`JWKS_FAILED_REFETCH_BACKOFF_MS`, `jwkSelection.ts`) attacked: strangers' tokens
 * meeting a refetch Fief holds, a stalled aging refetch, answers of every broken kind, a clock swinging by an hour,
 * and the ID-token checks of the same `Fief` (not held back). One request at a time, the held set answering throughout, and the
 * backoff counted from the failure on the clock.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fief, FiefRequestError } from '../../index.js';
import { JWKS_FAILED_REFETCH_BACKOFF_MS, JWKS_MAX_AGE_MS } from '../jwkSelection.js';
import { CLIENT_ID, FakeFief, JWKS_PATH, makeKey, movableClock, type SigningKey, sign } from './fakeFief.js';
import { JWKSGate } from './jwksGate.js';

const server = new FakeFief();
const MINUTE = 60_000;
let key: SigningKey;
let rotated: SigningKey;
let stranger: SigningKey;

beforeAll(async () => {
  await server.start();
  key = await makeKey('RS256', 'fief-key');
  rotated = await makeKey('RS256', 'rotated-key');
  stranger = await makeKey('RS256', 'made-up');
});
afterAll(() => server.close());
beforeEach(() => server.reset([key]));
afterEach(() => vi.restoreAllMocks());

const at = movableClock();
const validate = async (fief: Fief, signer: SigningKey) =>
  fief.validateAccessToken(await sign(server.accessClaims(), signer));
const settle = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));

async function holding(): Promise<Fief> {
  at(0);
  const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
  await validate(fief, key);
  return fief;
}

describe('the failed-refetch backoff', () => {
  it("strangers' tokens meeting a refetch Fief holds share it, fail with its error, and the backoff counts from it", async () => {
    const fief = await holding();
    const gate = new JWKSGate(server);
    gate.holding = true;
    at(MINUTE);
    const first = validate(fief, stranger).catch((error: unknown) => error);
    await gate.arrived(1);
    const others = Array.from({ length: 10 }, () =>
      validate(fief, stranger).catch((error: unknown) => error),
    );
    // The users' tokens are checked at once meanwhile.
    await expect(Promise.all([validate(fief, key), validate(fief, key)])).resolves.toHaveLength(2);
    at(MINUTE + 20_000); // Fief answers 20 s later, a 503
    gate.release(0, { status: 503, body: 'down' });
    const errors = await Promise.all([first, ...others]);
    for (const error of errors) expect(error).toBeInstanceOf(FiefRequestError);
    expect(gate.log.filter((event) => event.request)).toHaveLength(1);
    gate.holding = false;
    server.jwks = { keys: [key.publicJWK, rotated.publicJWK] };
    at(MINUTE + 20_000 + JWKS_FAILED_REFETCH_BACKOFF_MS - 1);
    await expect(validate(fief, rotated)).rejects.toBeInstanceOf(FiefRequestError);
    at(MINUTE + 20_000 + JWKS_FAILED_REFETCH_BACKOFF_MS);
    await expect(validate(fief, rotated)).resolves.toMatchObject({ id: 'user-1' });
    expect(gate.maxInFlight).toBe(1);
  });

  it("strangers' tokens meeting an aging refetch Fief holds share it; its failure starts the backoff", async () => {
    const fief = await holding();
    const gate = new JWKSGate(server);
    gate.holding = true;
    at(JWKS_MAX_AGE_MS);
    await validate(fief, key); // starts the aging refetch, answered from the held set
    await gate.arrived(1);
    const strangers = Array.from({ length: 5 }, () =>
      validate(fief, stranger).catch((error: unknown) => error),
    );
    await settle();
    gate.release(0, { body: '<html>' });
    for (const error of await Promise.all(strangers)) expect(error).toBeInstanceOf(FiefRequestError);
    await expect(validate(fief, stranger)).rejects.toBeInstanceOf(FiefRequestError);
    await settle();
    expect(gate.log.filter((event) => event.request)).toHaveLength(1);
    await expect(validate(fief, key)).resolves.toMatchObject({ id: 'user-1' });
  });

  it("a clock swinging by an hour under strangers' tokens: one request per swing at most", async () => {
    const fief = await holding();
    server.jwksAnswer = { status: 503, body: 'down' };
    const before = server.count(JWKS_PATH);
    const swings = 10;
    for (let i = 0; i < swings; i += 1) {
      at(i % 2 === 0 ? MINUTE : MINUTE - 3_600_000);
      for (let j = 0; j < 5; j += 1) await validate(fief, stranger).catch(() => {});
      await settle(5);
    }
    // Each swing ends the backoff (a clock set back before the failure) or outlasts it: one request, not five.
    expect(server.count(JWKS_PATH) - before).toBeLessThanOrEqual(swings);
  });

  // Two rules end the wait here, each enough alone: the backoff's (the clock is before the failure) and the held
  // set's (before its age started: the aging refetch goes, and succeeds). Without both, refused for years.
  it('a failure on a clock set years ahead, then the clock set right: the backoff is over, one request', async () => {
    const fief = await holding();
    server.jwksAnswer = { status: 503, body: 'down' };
    at(MINUTE);
    await validate(fief, stranger).catch(() => {});
    at(MINUTE + 10 * 365 * 24 * 3_600_000);
    await validate(fief, stranger).catch(() => {});
    await settle();
    at(MINUTE + 1_000);
    const before = server.count(JWKS_PATH);
    server.jwksAnswer = undefined;
    server.jwks = { keys: [key.publicJWK, rotated.publicJWK] };
    await expect(validate(fief, rotated)).resolves.toMatchObject({ id: 'user-1' });
    expect(server.count(JWKS_PATH)).toBe(before + 1);
  });

  it.each([
    ['an HTML page', { body: '<html>' }],
    ['a redirect', { status: 302, body: '', headers: { location: 'http://127.0.0.1:1/' } }],
    ['keys not an array', { body: '{"keys":{}}' }],
    ['null', { body: 'null' }],
  ])('%s starts the backoff, and the held set answers', async (_name, answer) => {
    const fief = await holding();
    server.jwksAnswer = answer;
    at(MINUTE);
    await expect(validate(fief, stranger)).rejects.toBeInstanceOf(FiefRequestError);
    const before = server.count(JWKS_PATH);
    at(MINUTE + 1_000);
    await expect(validate(fief, stranger)).rejects.toBeInstanceOf(FiefRequestError);
    expect(server.count(JWKS_PATH)).toBe(before);
    await expect(validate(fief, key)).resolves.toMatchObject({ id: 'user-1' });
  });

  // ID tokens come in Fief's answer to this client's own token request, not from anyone: held back, a refresh whose
  // tokens a key Fief just rotated in signed would end an SPA's session (its refresh token is spent).
  it('does not hold back the ID token checks of the same Fief: they ask, one request', async () => {
    const fief = await holding();
    server.jwksAnswer = { status: 503, body: 'down' };
    at(MINUTE);
    await expect(validate(fief, stranger)).rejects.toBeInstanceOf(FiefRequestError);
    server.jwksAnswer = undefined; // Fief is back, with a new key
    server.jwks = { keys: [key.publicJWK, rotated.publicJWK] };
    const before = server.count(JWKS_PATH);
    server.tokens = {
      access_token: 'a',
      id_token: await sign(server.claims(), rotated),
      token_type: 'bearer',
      expires_in: 3600,
    };
    at(MINUTE + 1_000);
    await expect(fief.authCallback('code', 'http://127.0.0.1/cb', 'verifier')).resolves.toHaveLength(2);
    expect(server.count(JWKS_PATH)).toBe(before + 1);
    // Its success ended the backoff of the access tokens too.
    await expect(validate(fief, rotated)).resolves.toMatchObject({ id: 'user-1' });
  });

  it('is started by a failed aging refetch too', async () => {
    const fief = await holding();
    server.jwksAnswer = { status: 503, body: 'down' };
    at(JWKS_MAX_AGE_MS);
    await validate(fief, key); // the aging refetch fails in the background
    await settle();
    const before = server.count(JWKS_PATH);
    server.jwksAnswer = undefined;
    server.jwks = { keys: [key.publicJWK, rotated.publicJWK] };
    at(JWKS_MAX_AGE_MS + JWKS_FAILED_REFETCH_BACKOFF_MS - 1);
    await expect(validate(fief, rotated)).rejects.toBeInstanceOf(FiefRequestError);
    expect(server.count(JWKS_PATH)).toBe(before);
    at(JWKS_MAX_AGE_MS + JWKS_FAILED_REFETCH_BACKOFF_MS);
    await expect(validate(fief, rotated)).resolves.toMatchObject({ id: 'user-1' });
  });
});
