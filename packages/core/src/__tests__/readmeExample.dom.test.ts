/**
 * The vanilla example of the README ("FiefAuth, the browser session engine"), run against the dev server. Kept
 * line for line, except: the dev server's URL, a recorded `navigate`, and the login form filled by `LoginAgent`.
 */
import { DEMO_USER, type DevServer, LoginAgent } from '@fief-spa/dev-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Fief, FiefAuth, type FiefAuthState } from '../index.js';
import {
  CLIENT_ID,
  PAGE_URL,
  recordNavigation,
  setPageURL,
  startServer,
  waitFor,
} from '../session/__tests__/authTestKit.js';
import { FiefAuthCallbackError } from '../session/fiefAuthCallbackError.js';

let server: DevServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

it('the README example signs in, renders, and signs out', async () => {
  setPageURL(`${PAGE_URL}castles`);
  document.body.innerHTML = '<div id="app"></div><button id="login"></button><button id="logout"></button>';
  const navigation = recordNavigation();

  // --- README ---
  const fief = new Fief({ baseURL: server.url, clientId: CLIENT_ID });
  const auth = new FiefAuth(fief, { navigate: navigation.navigate });
  const redirectURI = `${location.origin}/callback`;

  function render({ status, userinfo, error }: FiefAuthState): void {
    const app = document.querySelector('#app')!;
    if (status === 'loading') app.textContent = 'Loading…';
    else if (status === 'authenticated') app.textContent = `Signed in as ${userinfo!.email}`;
    else app.textContent = error ? `Sign-in failed (${error.code})` : 'Signed out';
  }
  render(auth.getSnapshot());
  auth.subscribe(() => render(auth.getSnapshot()));

  document.querySelector('#login')!.addEventListener('click', () => {
    void auth.redirectToLogin(redirectURI, { returnTo: location.pathname });
  });
  document.querySelector('#logout')!.addEventListener('click', () => {
    // Every tab is signed out first. Fief unreachable: the page stays (ERR_FIEF_UNREACHABLE), and Fief's own session
    // may still be open: say so.
    auth.logout(`${location.origin}/`).catch(() => {
      document.querySelector('#app')!.textContent = 'Signed out here; the identity server could not be told.';
    });
  });
  // --- end ---

  expect(document.querySelector('#app')?.textContent).toBe('Loading…');
  await waitFor(() => document.querySelector('#app')?.textContent === 'Signed out', 3_000, 'signed out');

  (document.querySelector('#login') as HTMLButtonElement).click();
  await waitFor(() => navigation.urls.length === 1, 2_000, 'the redirect to Fief');
  setPageURL(await new LoginAgent().login(navigation.last(), DEMO_USER));

  // --- README ---
  if (location.pathname === '/callback') {
    try {
      const { returnTo } = await auth.authCallback(redirectURI);
      history.replaceState(null, '', returnTo);
    } catch (err) {
      if (err instanceof FiefAuthCallbackError) console.warn('login refused:', err.reason, err.error);
    }
  }
  const accessToken = await auth.getAccessToken();
  // --- end ---

  expect(location.pathname).toBe('/castles');
  expect(document.querySelector('#app')?.textContent).toBe(`Signed in as ${DEMO_USER.email}`);
  expect(accessToken).toBe(auth.getTokenInfo()?.access_token);

  (document.querySelector('#logout') as HTMLButtonElement).click();
  await waitFor(() => navigation.urls.length === 2, 3_000, 'the redirect to logout');
  expect(document.querySelector('#app')?.textContent).toBe('Signed out');
  expect(navigation.last()).toBe(`${server.url}/logout?redirect_uri=${encodeURIComponent(`${PAGE_URL}`)}`);
  auth.dispose();
});
