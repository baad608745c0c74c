/**
 * The discovery copy stored with a pending login is untrusted: the callback's token request goes out checked only by
 * the entry's essentials (`discoveryEssentials.ts`), before the protocol chunk checks the whole copy. A copy tampered
 * in storage never sends the code, nor any request, off the issuer's origin; a copy that passes the essentials but
 * fails the whole check is replaced by the fetched document before anything else of it is used.
 */

import { describe, expect, it } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import { callbackOf, ISSUER, stored } from './pendingLoginRestKit.js';

const EVIL = 'https://evil.example.test';
const genuine = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/api/token`,
  jwks_uri: `${ISSUER}/.well-known/jwks.json`,
};

/** The callback of a login stored with `discovery`, through a real `Fief`: the URLs it sent the code to, and all. */
async function callbackWith(discovery: unknown): Promise<{ codeTo: string[]; all: string[] }> {
  const codeTo: string[] = [];
  const all: string[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    all.push(url);
    if (String(init?.body ?? '').includes('c0de')) codeTo.push(url);
    const body = url.endsWith('/openid-configuration')
      ? genuine
      : url === genuine.jwks_uri
        ? { keys: [] }
        : {};
    return new Response(JSON.stringify(body), {
      status: url === genuine.token_endpoint ? 400 : 200,
      headers: { 'Content-Type': 'application/json' },
    });
  };
  await callbackOf(stored({ discovery }), new Fief({ baseURL: ISSUER, clientId: 'spa', fetch }));
  return { codeTo, all };
}

describe('a pending login whose stored discovery copy was tampered with', () => {
  it.each([
    ['its token endpoint on another origin', { ...genuine, token_endpoint: `${EVIL}/token` }],
    ['its key set on another origin', { ...genuine, jwks_uri: `${EVIL}/jwks` }],
    ['another issuer with its endpoints', { ...genuine, issuer: EVIL, token_endpoint: `${EVIL}/token` }],
    ['a token endpoint that is no string', { ...genuine, token_endpoint: [`${EVIL}/token`] }],
    ['a __proto__ member', JSON.parse(`{"__proto__":{"token_endpoint":"${EVIL}/t"},"issuer":"${ISSUER}"}`)],
    ['the whole check failing elsewhere', { ...genuine, authorization_endpoint: `${EVIL}/authorize` }],
  ])('%s: the code goes to the issuer only, and nothing leaves its origin', async (_, discovery) => {
    const { codeTo, all } = await callbackWith(discovery);
    expect(codeTo).toEqual([genuine.token_endpoint]);
    expect(all.filter((url) => new URL(url).origin !== ISSUER)).toEqual([]);
  });

  it('intact: the code goes out with no discovery request (the stored copy is used)', async () => {
    const { codeTo, all } = await callbackWith(genuine);
    expect(codeTo).toEqual([genuine.token_endpoint]);
    expect(all.filter((url) => url.endsWith('/openid-configuration'))).toEqual([]);
  });
});
