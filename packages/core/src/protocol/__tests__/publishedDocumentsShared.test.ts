/**
 * Discovery and JWKS requests now go out from the entry and wait for the protocol's chunk to read their answers.
 * Callers that ask while that chunk is on its way still share one request per document (`DocumentCache`); when the
 * chunk does not come in time, every one of them fails alike and the cache forgets it, so that a later call, once the
 * chunk arrived (a stalled download may still end), asks Fief again and succeeds.
 */

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { chunkLoadError } from '../errors.js';
import { Fief } from '../fief.js';
import { CLIENT_ID, JWKS_PATH } from './fakeFief.js';
import { useFakeFief } from './fakeFiefPerFile.js';

/** Each load of the chunk waits until the test lets it through, or fails it. */
const held: { release: (loaded: boolean) => void }[] = [];
vi.mock('../loadProtocolFlows.js', async (importOriginal) => {
  const door = await importOriginal<typeof import('../loadProtocolFlows.js')>();
  return {
    ...door,
    loadProtocolFlows: () =>
      new Promise<boolean>((resolve) => held.push({ release: resolve })).then((loaded) =>
        loaded ? door.loadProtocolFlows() : Promise.reject(chunkLoadError(new Error('no chunk in time'))),
      ),
  };
});

const { server, signingKey } = useFakeFief();

beforeEach(() => {
  held.length = 0;
});

const DISCOVERY_PATH = '/.well-known/openid-configuration';

/** Lets every held load through (or fails it) until `settled` settles. */
async function releaseUntil(settled: Promise<unknown>, loaded: boolean): Promise<void> {
  let done = false;
  settled.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  while (!done) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    for (const load of held.splice(0)) load.release(loaded);
  }
}

describe('discovery and JWKS asked for while the protocol chunk is on its way', () => {
  it('share one request per document between concurrent callers', async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
    const all = Promise.all([
      fief.getJWKS(),
      fief.getOpenIDConfiguration(),
      fief.getJWKS(),
      fief.getOpenIDConfiguration(),
      fief.getJWKS(),
    ]);

    await releaseUntil(all, true);

    const [jwks, discovery] = await all;
    expect(jwks.keys).toEqual([signingKey().publicJWK]);
    expect(discovery.jwks_uri).toBe(`${server.url}${JWKS_PATH}`);
    expect(server.count(DISCOVERY_PATH)).toBe(1);
    expect(server.count(JWKS_PATH)).toBe(1);
  });

  it('fail alike when the chunk does not come, then a later call asks again and succeeds', async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
    const first = Promise.allSettled([fief.getJWKS(), fief.getOpenIDConfiguration(), fief.getJWKS()]);
    await releaseUntil(first, false);

    const chunkLoad = {
      status: 'rejected',
      reason: expect.objectContaining({ code: 'ERR_FIEF_CHUNK_LOAD' }),
    };
    expect(await first).toEqual([chunkLoad, chunkLoad, chunkLoad]);
    // Sent before the chunk failed: its answer could not be read.
    expect(server.count(DISCOVERY_PATH)).toBe(1);
    expect(server.count(JWKS_PATH)).toBe(0);

    const again = fief.getJWKS();
    await releaseUntil(again, true);
    expect((await again).keys).toEqual([signingKey().publicJWK]);
    expect(server.count(DISCOVERY_PATH)).toBe(2);
    expect(server.count(JWKS_PATH)).toBe(1);
  });
});
