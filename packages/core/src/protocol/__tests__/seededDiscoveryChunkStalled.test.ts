/**
 * The protocol chunk, which checks a seeded discovery copy whole, stalls: the callback's token request and key set
 * request still go out at once, checked by the entry's essentials alone, and to the issuer only; what needs the whole
 * document waits for the chunk.
 */

import { describe, expect, it, vi } from 'vitest';
import { Fief } from '../fief.js';

// The download starts and never ends. Held at the door, not with a factory that never settles: vitest may hand a
// later import the real module while such a factory is pending (seen under load in CI: the whole document then
// settled).
vi.mock('../loadProtocolFlows.js', () => ({ loadProtocolFlows: () => new Promise(() => {}) }));

const ISSUER = 'https://fief.example.test';
const genuine = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/api/token`,
  jwks_uri: `${ISSUER}/.well-known/jwks.json`,
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function recordingFief(): { fief: Fief; sent: string[] } {
  const sent: string[] = [];
  const fetch = async (input: string | URL | Request) => {
    sent.push(String(input));
    return new Response('{}', { headers: { 'Content-Type': 'application/json' } });
  };
  return { fief: new Fief({ baseURL: ISSUER, clientId: 'spa', fetch }), sent };
}

describe('a seeded discovery copy while the protocol chunk stalls', () => {
  it('sends the token request and the key set request at once, to the issuer', async () => {
    const { fief, sent } = recordingFief();
    fief.setOpenIDConfiguration(genuine);
    fief.authCallback('c0de', 'https://app.example.test/callback', 'v'.repeat(64)).catch(() => {});
    await pause(20);
    expect(sent.sort()).toEqual([genuine.jwks_uri, genuine.token_endpoint].sort());
  });

  it('a forged copy sends nothing: the document is fetched first, and read by the chunk', async () => {
    const { fief, sent } = recordingFief();
    fief.setOpenIDConfiguration({ ...genuine, token_endpoint: 'https://evil.example.test/token' });
    fief.authCallback('c0de', 'https://app.example.test/callback', 'v'.repeat(64)).catch(() => {});
    await pause(20);
    expect(sent).toEqual([`${ISSUER}/.well-known/openid-configuration`]);
  });

  it('keeps the whole document waiting for the check', async () => {
    const { fief } = recordingFief();
    fief.setOpenIDConfiguration(genuine);
    let settled = false;
    fief.getOpenIDConfiguration().finally(() => {
      settled = true;
    });
    await pause(20);
    expect(settled).toBe(false);
  });
});
