import { createTestFiefAuth } from '@fief-spa/react/testing';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { anne, renderRoute } from '../../__tests__/renderRoute';
import { apiOrigin } from '../../config';
import { ProfileApiRoute } from '../profileApi';

/** What the app's fetch sent: where, and with which Authorization header. */
interface Sent {
  url: string;
  authorization: string | null;
}

const whoamiURL = `${apiOrigin}/api/whoami`;
const whoami = {
  sub: anne.sub,
  scope: ['openid', 'offline_access'],
  acr: '1',
  permissions: ['castles:read'],
};
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const invalidToken = () =>
  json(
    401,
    { error: 'invalid_token' },
    { 'WWW-Authenticate': 'Bearer realm="example-api", error="invalid_token"' },
  );

let sent: Sent[];
/** Stubs the global fetch with `answers`, one per request in order, and records what was sent. */
function answerWith(...answers: Array<() => Response>) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      sent.push({ url, authorization: new Headers(init?.headers).get('Authorization') });
      const answer = answers.shift();
      if (!answer) throw new Error(`unexpected request to ${url}`);
      return answer();
    }),
  );
}

beforeEach(() => {
  sent = [];
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the API page', () => {
  it("calls the app's API with the access token and shows who it says you are", async () => {
    answerWith(() => json(200, whoami));
    renderRoute(createTestFiefAuth({ userinfo: anne }), <ProfileApiRoute />, '/profile/api');
    expect(await screen.findByTestId('whoami-sub')).toHaveProperty('textContent', anne.sub);
    expect(screen.getByTestId('whoami-permissions').textContent).toBe('castles:read');
    expect(sent).toEqual([{ url: whoamiURL, authorization: 'Bearer test-access-token' }]);
  });

  it('refreshes the token once and calls again once when the API says invalid_token', async () => {
    const auth = createTestFiefAuth({ userinfo: anne });
    auth.queueRefresh({ access_token: 'refreshed-access-token' });
    answerWith(invalidToken, () => json(200, whoami));
    renderRoute(auth, <ProfileApiRoute />, '/profile/api');
    expect(await screen.findByTestId('whoami-sub')).toHaveProperty('textContent', anne.sub);
    expect(sent).toEqual([
      { url: whoamiURL, authorization: 'Bearer test-access-token' },
      { url: whoamiURL, authorization: 'Bearer refreshed-access-token' },
    ]);
    // The second call asks whether the engine holds another token already (then no refresh is forced).
    expect(auth.calls.filter((call) => call.method === 'getAccessToken')).toEqual([
      { method: 'getAccessToken', args: [] },
      { method: 'getAccessToken', args: [] },
      { method: 'getAccessToken', args: [{ forceRefresh: true }] },
    ]);
  });

  it('says why when the API refuses the refreshed token too', async () => {
    const auth = createTestFiefAuth({ userinfo: anne });
    auth.queueRefresh({ access_token: 'refreshed-access-token' });
    answerWith(invalidToken, invalidToken);
    renderRoute(auth, <ProfileApiRoute />, '/profile/api');
    expect((await screen.findByRole('alert')).textContent).toBe('The API refused the call (401).');
    expect(sent).toHaveLength(2);
  });

  it('sends a request to another origin without the token', async () => {
    answerWith(
      () => json(200, whoami),
      () => json(200, { hello: 'world' }),
    );
    renderRoute(createTestFiefAuth({ userinfo: anne }), <ProfileApiRoute />, '/profile/api');
    await screen.findByTestId('whoami-sub');
    fireEvent.change(screen.getByRole('textbox', { name: 'Address' }), {
      target: { value: 'http://127.0.0.1:9/elsewhere' },
    });
    await act(async () => fireEvent.submit(screen.getByRole('button', { name: 'Send GET' })));
    expect((await screen.findByTestId('try-answer')).textContent).toContain('{"hello":"world"}');
    expect(sent[1]).toEqual({ url: 'http://127.0.0.1:9/elsewhere', authorization: null });
  });
});
