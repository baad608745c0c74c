/**
 * A stored discovery copy is untrusted (`setOpenIDConfiguration`): the entry chunk checks only what the token request
 * and the key set's request need (`discoveryEssentials.ts`), and sends the code before the chunk that checks the
 * whole copy (`discovery.ts`) has loaded. Forged copies: the code, and every other request, never leave the issuer's
 * origin, wherever the whole check would have refused them.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOpenIDConfiguration } from '../discovery.js';
import { discoveryEssentials } from '../discoveryEssentials.js';
import { Fief } from '../fief.js';

const ISSUER = 'https://fief.example.test';
const EVIL = 'https://evil.example.test';
const CODE = 'the-code-0123456789';
const genuine = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/api/token`,
  jwks_uri: `${ISSUER}/.well-known/jwks.json`,
  userinfo_endpoint: `${ISSUER}/api/userinfo`,
};

interface Sent {
  url: string;
  body: string;
}

/** A Fief whose `fetch` records each request: the genuine discovery, an empty key set, a refused code. */
function recordingFief(): { fief: Fief; sent: Sent[] } {
  const sent: Sent[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    sent.push({ url, body: String(init?.body ?? '') });
    const json = (body: unknown, status = 200) =>
      new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
    if (url === `${ISSUER}/.well-known/openid-configuration`) return json(genuine);
    if (url === genuine.jwks_uri) return json({ keys: [] });
    return json({ error: 'invalid_grant' }, 400);
  };
  return { fief: new Fief({ baseURL: ISSUER, clientId: 'spa', fetch }), sent };
}

/** Runs a callback's code exchange over `copy` seeded as the engine does; what was sent. */
async function exchangeOver(copy: unknown): Promise<Sent[]> {
  const { fief, sent } = recordingFief();
  fief.setOpenIDConfiguration(copy);
  await fief.authCallback(CODE, 'https://app.example.test/callback', 'v'.repeat(64)).catch(() => {});
  await fief.getJWKS().catch(() => {});
  return sent;
}

/** Whether the whole check (`discovery.ts`) accepts `url` as the token endpoint of a copy. */
function wholeCheckAccepts(copy: unknown, url: string): boolean {
  try {
    return parseOpenIDConfiguration(copy, ISSUER).token_endpoint === url;
  } catch {
    return false;
  }
}

/** The invariant: nothing leaves the issuer's origin, and the code goes where the whole check lets it. */
function expectSafe(copy: unknown, sent: Sent[]): void {
  for (const { url, body } of sent) {
    expect(new URL(url).origin).toBe(ISSUER);
    if (body.includes(CODE) && url !== genuine.token_endpoint) {
      // Only the copy's own endpoint, on the issuer's origin (the essentials' rule is the whole check's for it).
      expect(discoveryEssentials(copy, ISSUER)?.token_endpoint).toBe(url);
    }
  }
}

const forged: [string, unknown][] = [
  ['a token endpoint on another origin', { ...genuine, token_endpoint: `${EVIL}/token` }],
  ['a key set on another origin', { ...genuine, jwks_uri: `${EVIL}/jwks` }],
  ['a protocol-relative token endpoint', { ...genuine, token_endpoint: '//evil.example.test/token' }],
  [
    'a token endpoint with credentials',
    { ...genuine, token_endpoint: `https://fief.example.test@evil.example.test/` },
  ],
  ['a look-alike host', { ...genuine, token_endpoint: 'https://fief.example.test.evil.example.test/token' }],
  ['another port', { ...genuine, token_endpoint: 'https://fief.example.test:8443/token' }],
  ['http, not https', { ...genuine, token_endpoint: 'http://fief.example.test/api/token' }],
  ['a foreign issuer with its own endpoints', { ...genuine, issuer: EVIL, token_endpoint: `${EVIL}/token` }],
  ['an issuer that only starts like it', { ...genuine, issuer: `${ISSUER}.evil.example.test` }],
  ['an issuer with a path', { ...genuine, issuer: `${ISSUER}/tenant` }],
  ['an array for the token endpoint', { ...genuine, token_endpoint: [`${EVIL}/token`] }],
  ['an object that stringifies', { ...genuine, token_endpoint: { toString: () => `${ISSUER}/api/token` } }],
  ['a number for the issuer', { ...genuine, issuer: 42 }],
  ['no token endpoint', { ...genuine, token_endpoint: undefined }],
  ['a javascript: URL', { ...genuine, token_endpoint: 'javascript:alert(1)' }],
  ['a URL that does not parse', { ...genuine, token_endpoint: 'https://[evil' }],
  ['a __proto__ member', JSON.parse(`{"__proto__":{"token_endpoint":"${EVIL}/token"},"issuer":"${ISSUER}"}`)],
  [
    'an inherited token endpoint',
    Object.assign(Object.create({ token_endpoint: `${EVIL}/t` }), { issuer: ISSUER }),
  ],
  ['a whole check failing elsewhere', { ...genuine, userinfo_endpoint: `${EVIL}/me`, scopes_supported: 'x' }],
  ['null', null],
  ['a string', JSON.stringify(genuine)],
  ['an array', [genuine]],
];

describe('a forged discovery copy on the callback page', () => {
  it.each(forged)(
    '%s: nothing leaves the issuer, the code goes where the whole check lets it',
    async (_, copy) => {
      expectSafe(copy, await exchangeOver(copy));
    },
  );

  it('a copy whose token endpoint changes between reads is read once: the code goes where it was checked', async () => {
    let reads = 0;
    const copy = {
      ...genuine,
      get token_endpoint() {
        reads += 1;
        return reads === 1 ? `${ISSUER}/api/token` : `${EVIL}/token`;
      },
    };
    const sent = await exchangeOver(copy);
    expect(sent.filter(({ body }) => body.includes(CODE)).map(({ url }) => url)).toEqual([
      `${ISSUER}/api/token`,
    ]);
    expectSafe(copy, sent);
  });

  it('a copy changed after it was given: the code goes where it was checked', async () => {
    const copy = { ...genuine };
    const { fief, sent } = recordingFief();
    fief.setOpenIDConfiguration(copy);
    copy.token_endpoint = `${EVIL}/token`;
    copy.jwks_uri = `${EVIL}/jwks`;
    await fief.authCallback(CODE, 'https://app.example.test/callback', 'v'.repeat(64)).catch(() => {});
    expect(sent.filter(({ body }) => body.includes(CODE)).map(({ url }) => url)).toEqual([
      genuine.token_endpoint,
    ]);
    // The whole check reads the copy as it is then, refuses it, and the genuine document is fetched.
    expect(sent.map(({ url }) => new URL(url).origin)).not.toContain(EVIL);
    await expect(fief.getOpenIDConfiguration()).resolves.toEqual(genuine);
  });

  it('a huge copy (100 000 members, an issuer of a million slashes) is checked without trouble', async () => {
    const huge: Record<string, unknown> = { ...genuine };
    for (let index = 0; index < 100_000; index += 1) huge[`member${index}`] = index;
    expectSafe(huge, await exchangeOver(huge));
    const slashes = { ...genuine, issuer: `${ISSUER}${'/'.repeat(1_000_000)}` };
    expectSafe(slashes, await exchangeOver(slashes));
  });

  it('any copy: nothing leaves the issuer, and the code goes only where the whole check or its essentials allow', async () => {
    const url = fc.constantFrom(
      `${ISSUER}/api/token`,
      `${ISSUER}/elsewhere`,
      `${ISSUER}/`,
      ISSUER,
      `${EVIL}/token`,
      '//evil.example.test/token',
      'https://fief.example.test@evil.example.test/',
      'http://fief.example.test/api/token',
      'HTTPS://FIEF.EXAMPLE.TEST/api/token',
      'not a url',
      '',
    );
    const member = fc.oneof(
      url,
      fc.constant(undefined),
      fc.constant(null),
      fc.integer(),
      fc.array(url, { maxLength: 2 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({ issuer: member, token_endpoint: member, jwks_uri: member, userinfo_endpoint: member }),
        async (copy) => {
          expectSafe(copy, await exchangeOver(copy));
          // The whole check never accepts a token endpoint the essentials refused (they are its subset).
          const endpoint = (copy as { token_endpoint: unknown }).token_endpoint;
          if (typeof endpoint === 'string' && wholeCheckAccepts(copy, endpoint)) {
            expect(discoveryEssentials(copy, ISSUER)).not.toBeNull();
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a preloaded document the whole check refuses: refused as a fetched one, and no code goes out after that', async () => {
    const sent: string[] = [];
    const fief = new Fief({
      baseURL: ISSUER,
      clientId: 'spa',
      openIDConfiguration: { ...genuine, userinfo_endpoint: `${EVIL}/me` },
      fetch: async (input) => {
        sent.push(String(input));
        return new Response('{}', { headers: { 'Content-Type': 'application/json' } });
      },
    });
    await expect(fief.getOpenIDConfiguration()).rejects.toMatchObject({
      code: 'ERR_FIEF_RESPONSE_MALFORMED',
    });
    await expect(fief.authCallback(CODE, 'https://app.example.test/callback')).rejects.toMatchObject({
      code: 'ERR_FIEF_RESPONSE_MALFORMED',
    });
    expect(sent).toEqual([]);
  });
});
