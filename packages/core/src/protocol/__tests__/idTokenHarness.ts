/**
 * What the ID-token tests share: a fake Fief (hand-made, since it must sign forged tokens) with one RS256 key, and
 * a whole callback whose token endpoint answers a given ID token.
 */
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { Fief, FiefIdTokenInvalid, type FiefIdTokenInvalidReason } from '../../index.js';
import { CLIENT_ID, FakeFief, makeKey, type SigningKey } from './fakeFief.js';

export const server = new FakeFief();
export const REDIRECT_URI = 'http://127.0.0.1/callback';
export const ACCESS_TOKEN = 'access-token-value';
export const CODE = 'authorization-code-value';

/** The server's signing key (made before the tests of the file that calls {@link useIdTokenServer}). */
export const signing: { key: SigningKey } = { key: undefined as unknown as SigningKey };

/** Registers the hooks of a test file: the server started with its key, reset before each test. */
export function useIdTokenServer(): void {
  beforeAll(async () => {
    await server.start();
    signing.key = await makeKey('RS256', 'main-key');
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset([signing.key]));
}

export const newFief = () => new Fief({ baseURL: server.url, clientId: CLIENT_ID });

/** Runs a whole callback whose token endpoint returns `idToken`. */
export async function callback(idToken: string, options: { nonce?: string; fief?: Fief } = {}) {
  server.tokens = { access_token: ACCESS_TOKEN, id_token: idToken, token_type: 'bearer', expires_in: 3600 };
  return (options.fief ?? newFief()).authCallback(CODE, REDIRECT_URI, 'verifier', undefined, {
    nonce: options.nonce,
  });
}

export async function expectInvalid(
  promise: Promise<unknown>,
  reason: FiefIdTokenInvalidReason,
  token?: string,
) {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(FiefIdTokenInvalid);
  expect((error as FiefIdTokenInvalid).reason).toBe(reason);
  expect((error as FiefIdTokenInvalid).code).toBe('ERR_FIEF_ID_TOKEN_INVALID');
  if (token) expect((error as Error).message).not.toContain(token);
}

export const now = () => Math.floor(Date.now() / 1000);
