/**
 * The protocol client's chunk loaded on demand does not load (offline, or removed from the server by a deploy): every
 * method that needs it rejects with `ERR_FIEF_CHUNK_LOAD`, which tells the app to reload, and sends nothing it needs
 * the chunk for.
 */

import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fief } from '../fief.js';
import { loadProtocolFlows } from '../loadProtocolFlows.js';
import { CLIENT_ID, FakeFief, makeKey, type SigningKey } from './fakeFief.js';

vi.mock('../protocolFlows.js', () => {
  throw new TypeError('Failed to fetch dynamically imported module');
});

const server = new FakeFief();
let signingKey: SigningKey;

beforeAll(async () => {
  await server.start();
  signingKey = await makeKey('RS256', 'sig');
});
afterAll(() => server.close());
beforeEach(() => server.reset([signingKey]));

const chunkLoad = { name: 'FiefError', code: 'ERR_FIEF_CHUNK_LOAD', cause: expect.anything() };

describe('a protocol chunk that does not load', () => {
  it('rejects the door with ERR_FIEF_CHUNK_LOAD, the browser error as its cause', async () => {
    await expect(loadProtocolFlows()).rejects.toMatchObject(chunkLoad);
  });

  it('rejects every method that needs it alike, and no token goes to Fief', async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
    const authURL = fief.getAuthURL({ redirectURI: 'http://127.0.0.1/cb', scope: ['openid'] });
    await expect(authURL).rejects.toMatchObject(chunkLoad);
    await expect(fief.validateAccessToken('a.b.c')).rejects.toMatchObject(chunkLoad);
    await expect(fief.userinfo('an-access-token')).rejects.toMatchObject(chunkLoad);
    await expect(fief.authRefreshToken('a-refresh-token')).rejects.toMatchObject(chunkLoad);
    expect(server.count('/api/token')).toBe(0);
    expect(server.count('/api/userinfo')).toBe(0);
  });

  it("rejects a callback's code exchange alike once Fief answered (the code is spent; a reload signs in again)", async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
    // The engine's callback seeds the discovery document saved with the login: the token request needs no chunk.
    fief.setOpenIDConfiguration(server.discovery());
    server.tokens = { access_token: 'access', id_token: 'a.b.c', token_type: 'bearer', expires_in: 3600 };

    await expect(fief.authCallback('code', 'http://127.0.0.1/cb', 'verifier')).rejects.toMatchObject(
      chunkLoad,
    );
    expect(server.count('/api/token')).toBe(1);
  });

  // The discovery document is read by the chunk (`readJSON`): without it, nothing tells where the token endpoint is.
  it('rejects a code exchange that must discover Fief first before sending the code', async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });

    await expect(fief.authCallback('code', 'http://127.0.0.1/cb', 'verifier')).rejects.toMatchObject(
      chunkLoad,
    );
    expect(server.count('/api/token')).toBe(0);
  });
});
