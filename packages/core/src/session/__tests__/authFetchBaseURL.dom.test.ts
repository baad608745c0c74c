// What a user relies on: createAuthFetch sends the access token only to the listed origins, including for a relative
// URL on a page with a `<base href>`. fetch resolves a relative URL against the document's base URL (Fetch standard,
// Request constructor: `document.baseURI`, which `<base href>` sets). A security review found createAuthFetch
// deciding on the token against `location.href` and then handing fetch the raw relative string: with
// `<base href="https://cdn.evil.test/">` (an app served from a CDN base, or injected markup without script) the
// token went to cdn.evil.test. happy-dom's own Request ignores <base>, so the fetch below resolves as browsers do.
import { afterEach, expect, it } from 'vitest';
import { createTestFiefAuth } from '../../testing/index.js';
import { createAuthFetch } from '../authFetch.js';

afterEach(() => {
  for (const base of document.querySelectorAll('base')) base.remove();
});

function signedIn() {
  const auth = createTestFiefAuth();
  auth.signIn({ sub: 'u1', email: 'a@example.com', tenant_id: 't', fields: {} }, { access_token: 'token-1' });
  return auth;
}

/** A fetch that resolves a relative URL as browsers do, and records where each request went and with what token. */
function browserLikeFetch() {
  const sent: { url: string; authorization: string | null }[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input), document.baseURI).href;
    sent.push({ url, authorization: new Headers(init?.headers).get('Authorization') });
    return new Response('ok');
  }) as typeof fetch;
  return { sent, fetchFn };
}

function setBase(href: string): void {
  const base = document.createElement('base');
  base.href = href;
  document.head.append(base);
}

it('never sends the token to the origin of a <base href>', async () => {
  setBase('https://cdn.evil.test/');
  const { sent, fetchFn } = browserLikeFetch();
  const authFetch = createAuthFetch(signedIn(), { origins: [location.origin], fetch: fetchFn });
  await authFetch('/api/castles');
  expect(sent).toEqual([{ url: 'https://cdn.evil.test/api/castles', authorization: null }]);
});

it('sends the token to a listed origin that a <base href> points a relative URL at, as an absolute URL', async () => {
  setBase('https://api.example.test/v1/');
  const { sent, fetchFn } = browserLikeFetch();
  const authFetch = createAuthFetch(signedIn(), { origins: ['https://api.example.test'], fetch: fetchFn });
  await authFetch('castles');
  expect(sent).toEqual([{ url: 'https://api.example.test/v1/castles', authorization: 'Bearer token-1' }]);
});
