/**
 * An API validating access tokens while Fief is down or slow: a token naming a key the API does not hold makes it
 * refetch the JWKS, and that refetch, failed or stalled, must cost nothing to the tokens the held keys verify.
 * Anyone can send such a token (any made-up `kid` does), so otherwise one request from a stranger turns a Fief
 * outage into an API outage.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fief, FiefAccessTokenInvalid, FiefRequestError } from '../../index.js';
import { JWKS_FAILED_REFETCH_BACKOFF_MS } from '../jwkSelection.js';
import { CLIENT_ID, FakeFief, makeKey, movableClock, type SigningKey, sign } from './fakeFief.js';

const server = new FakeFief();
let key: SigningKey;
let stranger: SigningKey;
let rotated: SigningKey;

beforeAll(async () => {
  await server.start();
  key = await makeKey('RS256', 'fief-key');
  stranger = await makeKey('RS256', 'made-up-kid');
  rotated = await makeKey('RS256', 'rotated-key');
});
afterAll(() => server.close());
beforeEach(() => server.reset([key]));
afterEach(() => vi.restoreAllMocks());

const at = movableClock();

const now = () => Math.floor(Date.now() / 1000);
/** Access token claims as Fief issues them. */
const claims = () => ({
  iss: server.url,
  sub: 'user-1',
  aud: [CLIENT_ID],
  iat: now(),
  exp: now() + 3600,
  acr: '0',
  scope: 'openid',
  permissions: [],
});

describe('validateAccessToken while Fief is down', () => {
  it("keeps the keys it holds when the refetch for a stranger's kid fails", async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
    const valid = await sign(claims(), key);
    await expect(fief.validateAccessToken(valid)).resolves.toMatchObject({ id: 'user-1' });

    server.jwksAnswer = { status: 503, body: 'down' };
    await expect(fief.validateAccessToken(await sign(claims(), stranger))).rejects.toBeInstanceOf(
      FiefRequestError,
    );
    const jwksRequests = server.count('/.well-known/jwks.json');

    // The held key still verifies the users' tokens, without asking the down Fief again for each of them.
    await expect(fief.validateAccessToken(valid)).resolves.toMatchObject({ id: 'user-1' });
    await expect(fief.getJWKS()).resolves.toEqual({ keys: [key.publicJWK] });
    expect(server.count('/.well-known/jwks.json')).toBe(jwksRequests);
  });
});

describe('validateAccessToken once Fief is back', () => {
  // Fief rotated its key and signs every new token with it; the API's one refetch met a blip (a 503). The refetch
  // learned nothing, so it must not start the cooldown: the seeded old set would refuse every new token as invalid
  // (401: the SPA signs its user out) for 30 seconds after Fief answers again. Before the held set, the emptied
  // cache made the next token fetch again. It starts the short backoff instead (JWKS_FAILED_REFETCH_BACKOFF_MS:
  // strangers' tokens must not each ask a Fief that is down): the new key's tokens fail with the blip's
  // FiefRequestError meanwhile (503: the token may be good, its user stays signed in), and verify once it is over.
  it('accepts a token of the rotated key a backoff after the refetch for it failed, never refused as invalid', async () => {
    at(0);
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
    await fief.validateAccessToken(await sign(claims(), key));
    server.jwks = { keys: [key.publicJWK, rotated.publicJWK] };
    const fresh = await sign(claims(), rotated);

    server.jwksAnswer = { status: 503, body: 'blip' };
    await expect(fief.validateAccessToken(fresh)).rejects.toBeInstanceOf(FiefRequestError);
    server.jwksAnswer = undefined;
    at(1);
    await expect(fief.validateAccessToken(fresh)).rejects.toBeInstanceOf(FiefRequestError);
    at(JWKS_FAILED_REFETCH_BACKOFF_MS);
    const outcome = await fief.validateAccessToken(fresh).catch((error: unknown) => error);
    expect(outcome).not.toBeInstanceOf(FiefAccessTokenInvalid);
    expect(outcome).toMatchObject({ id: 'user-1' });
  });
});

describe('validateAccessToken while Fief is slow', () => {
  it("does not make the users' tokens wait for the refetch a stranger's kid started", async () => {
    let releaseJWKS = () => {};
    let jwksStalled = false;
    let refetchStarted = () => {};
    const refetching = new Promise<void>((resolve) => {
      refetchStarted = resolve;
    });
    const stallingFetch: typeof fetch = async (input, init) => {
      if (jwksStalled && String(input).endsWith('/jwks.json')) {
        refetchStarted();
        await new Promise<void>((resolve) => {
          releaseJWKS = resolve;
        });
      }
      return fetch(input, init);
    };
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID, fetch: stallingFetch });
    const valid = await sign(claims(), key);
    await fief.validateAccessToken(valid);

    jwksStalled = true;
    const strangerCheck = fief.validateAccessToken(await sign(claims(), stranger)).catch((e: unknown) => e);
    await refetching; // the user's request comes while the refetch hangs
    const userCheck = fief.validateAccessToken(valid).then(() => 'validated');
    const waited = new Promise((resolve) => setTimeout(() => resolve('still waiting'), 500));
    try {
      expect(await Promise.race([userCheck, waited])).toBe('validated');
    } finally {
      releaseJWKS();
      await strangerCheck;
    }
  });
});
