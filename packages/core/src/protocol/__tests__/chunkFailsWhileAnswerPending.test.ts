/**
 * The protocol's chunk fails to load while answers are still on their way (the token request of a callback, its JWKS
 * request, a JWKS asked for alone): each caller rejects with `ERR_FIEF_CHUNK_LOAD`, and nothing is left unhandled,
 * neither then nor when the answers land afterwards with no chunk to read them.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fief } from '../fief.js';
import { type Answer, CLIENT_ID, JWKS_PATH } from './fakeFief.js';
import { useFakeFief } from './fakeFiefPerFile.js';

/** The chunk's download fails when the test says (a browser then remembers the failure for the page's life). */
const chunk = vi.hoisted(() => {
  let fail: () => void = () => {};
  const download = new Promise<never>((_resolve, reject) => {
    fail = () => reject(new TypeError('Failed to fetch dynamically imported module'));
  });
  return { download, fail: () => fail() };
});
// Every load of the chunk ends as its download does. Not `vi.mock('../protocolFlows.js', () => chunk.download)`: vitest
// hands an import made while another one is failing the real module, and the chunk would seem to load.
vi.mock('../chunkInTime.js', () => ({
  chunkInTime: (loading: Promise<unknown>) => {
    loading.catch(() => {});
    return chunk.download;
  },
}));

const { server } = useFakeFief();
const unhandled: unknown[] = [];
const record = (reason: unknown) => unhandled.push(reason);
/** Answers held by the server until the test lets them go. */
let answersHeld: Promise<void>;
let releaseAnswers: () => void;

beforeEach(() => {
  unhandled.length = 0;
  answersHeld = new Promise((resolve) => {
    releaseAnswers = resolve;
  });
  const later = (answer: Answer) => answersHeld.then(() => answer);
  server.tokens = { access_token: 'access', id_token: 'a.b.c', token_type: 'bearer', expires_in: 3600 };
  server.onToken = () => later({ body: JSON.stringify(server.tokens) });
  server.onJWKS = () => later({ body: JSON.stringify(server.jwks) });
  process.on('unhandledRejection', record);
});
afterEach(() => {
  releaseAnswers();
  process.off('unhandledRejection', record);
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await pause(5);
}

const chunkLoad = { name: 'FiefError', code: 'ERR_FIEF_CHUNK_LOAD' };

describe('a protocol chunk that fails while answers are on their way', () => {
  it("rejects the callback's code exchange, nothing unhandled before or after the answers land", async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
    fief.setOpenIDConfiguration(server.discovery());
    const exchange = fief.authCallback('code', 'http://127.0.0.1/cb', 'verifier');
    exchange.catch(() => {});
    await until(() => server.count('/api/token') === 1 && server.count(JWKS_PATH) === 1);

    chunk.fail();
    await pause(20);
    releaseAnswers();

    await expect(exchange).rejects.toMatchObject(chunkLoad);
    await pause(50);
    expect(unhandled).toEqual([]);
  });

  // Runs after the first test: the download has failed already, as it stays on the page.
  it('rejects a JWKS asked for alone, nothing unhandled, and a later call asks Fief again', async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
    fief.setOpenIDConfiguration(server.discovery());
    const jwks = fief.getJWKS();
    jwks.catch(() => {});
    await until(() => server.count(JWKS_PATH) === 1);

    await expect(jwks).rejects.toMatchObject(chunkLoad);
    releaseAnswers();
    await pause(50);

    expect(unhandled).toEqual([]);
    const again = fief.getJWKS();
    again.catch(() => {});
    await until(() => server.count(JWKS_PATH) === 2);
    await expect(again).rejects.toMatchObject(chunkLoad);
  });
});
