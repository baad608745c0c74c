/**
 * A redirect's body is never read: the redirect is refused whatever it carries, so a body that trickles or never
 * ends (a proxy or captive portal answering 302 with a page it streams) must not hold the caller. With a caller's
 * `signal` that never aborts, nothing else would end the wait; without one, it would last the whole request timeout.
 */

import { describe, expect, it } from 'vitest';
import { Fief } from '../fief.js';
import { CLIENT_ID } from './fakeFief.js';
import { useFakeFief } from './fakeFiefPerFile.js';

const { server } = useFakeFief();

/** A redirect whose body sends a few bytes, then nothing more. */
const stalledRedirect = (status: number) => ({
  status,
  contentType: 'text/html',
  headers: { location: 'http://127.0.0.1:9/elsewhere' },
  body: '<html><body>Moved, see the new address</body></html>',
  stallAfter: 6,
});

/** What `promise` settled with within `ms`, or `'still waiting'`. */
async function within(promise: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise((resolve) => {
    timer = setTimeout(resolve, ms, 'still waiting');
  });
  try {
    return await Promise.race([
      promise.then(
        () => 'resolved',
        (error: unknown) => error,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const refusedRedirect = (status: number) => ({
  name: 'FiefRequestError',
  code: 'ERR_FIEF_REDIRECT',
  status,
});

// A caller's signal that never aborts replaces the 30 s timeout (`requestInit.signal`, as an app passes its own).
const neverAborts = () => ({ signal: new AbortController().signal });

describe('a redirect whose body stalls', () => {
  it('from the token endpoint is refused at once, its body left unread', async () => {
    server.onToken = () => stalledRedirect(307);
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
    fief.setOpenIDConfiguration(server.discovery());

    const outcome = await within(
      fief.authCallback('code', 'http://127.0.0.1/cb', 'verifier', neverAborts()),
      1_000,
    );

    expect(outcome).toMatchObject(refusedRedirect(307));
  });

  it('from the JWKS endpoint is refused at once, with the instance signal that never aborts', async () => {
    server.jwksAnswer = stalledRedirect(302);
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID, requestInit: neverAborts() });

    expect(await within(fief.getJWKS(), 1_000)).toMatchObject(refusedRedirect(302));
  });

  it('from the user API is refused at once', async () => {
    server.onUser = () => stalledRedirect(308);
    const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
    fief.setOpenIDConfiguration(server.discovery());

    expect(await within(fief.userinfo('access-token', neverAborts()), 1_000)).toMatchObject(
      refusedRedirect(308),
    );
  });
});
