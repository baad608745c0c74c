/**
 * A discovery or JWKS request that cannot even be built (a header value of the app's `requestInit` that is no byte
 * string: `fetch` refuses it) fails as it did when the entry read its own answers: with the `TypeError` that says
 * why, and nothing left unhandled while the protocol's chunk, which reads the answers, is still on its way.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fief } from '../fief.js';
import { CLIENT_ID } from './fakeFief.js';
import { useFakeFief } from './fakeFiefPerFile.js';

// The chunk is still on its way (100 ms) whenever it is asked for, as on a page that has not loaded it yet.
vi.mock('../loadProtocolFlows.js', async (importOriginal) => {
  const door = await importOriginal<typeof import('../loadProtocolFlows.js')>();
  return {
    ...door,
    loadProtocolFlows: () => new Promise((resolve) => setTimeout(resolve, 100)).then(door.loadProtocolFlows),
  };
});

const { server } = useFakeFief();
const unhandled: unknown[] = [];
const record = (reason: unknown) => unhandled.push(reason);

beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', record);
});
afterEach(() => {
  process.off('unhandledRejection', record);
});

// `Headers` takes byte strings only: "☕" is past U+00FF.
const notAByteString = { headers: { 'X-App-Name': 'Café ☕' } };

describe('a published document whose request cannot be built', () => {
  it('rejects discovery with the TypeError, nothing unhandled meanwhile', async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID, requestInit: notAByteString });

    await expect(fief.getOpenIDConfiguration()).rejects.toBeInstanceOf(TypeError);
    // Past the chunk's arrival: a rejection left unhandled while it loaded has been reported by now.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(unhandled).toEqual([]);
    expect(server.count('/.well-known/openid-configuration')).toBe(0);
  });

  it('rejects the JWKS with the TypeError, nothing unhandled meanwhile', async () => {
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID, requestInit: notAByteString });
    fief.setOpenIDConfiguration(server.discovery());

    await expect(fief.getJWKS()).rejects.toBeInstanceOf(TypeError);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(unhandled).toEqual([]);
  });
});
