/**
 * The FakeFief most protocol test files want: one server for the file, started before its tests and closed after
 * them, reset before each test with one signing key made once for the file.
 */

import { afterAll, beforeAll, beforeEach } from 'vitest';
import { FakeFief, makeKey, type SigningKey } from './fakeFief.js';

/**
 * Registers the hooks; the file's own `beforeEach` hooks, registered after, run after the reset.
 *
 * @example
 * ```ts
 * const { server, signingKey } = useFakeFief();
 * it('serves the key', async () => expect(server.jwks.keys).toEqual([signingKey().publicJWK]));
 * ```
 */
export function useFakeFief(): { server: FakeFief; signingKey: () => SigningKey } {
  const server = new FakeFief();
  let key: SigningKey;
  beforeAll(async () => {
    await server.start();
    key = await makeKey();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset([key]));
  return { server, signingKey: () => key };
}
