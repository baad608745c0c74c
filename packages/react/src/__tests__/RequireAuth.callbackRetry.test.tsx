import { act, cleanup, render, screen } from '@testing-library/react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { FiefAuthCallback, FiefAuthProvider, RequireAuth } from '../index.js';
import { CALLBACK_URI, DEMO_USER, navigation, setUpDevServer, signInAt } from './devServer.js';
import { Where } from './Where.js';

const flow = setUpDevServer();

/** A page of the app, the whole app inside <RequireAuth>, on a new engine (a page load). */
function renderApp() {
  const { auth, navigations } = flow.createEngine();
  const router = createBrowserRouter([
    { path: '/callback', element: <FiefAuthCallback loadingElement={<p>signing in</p>} /> },
    { path: '*', element: <Where /> },
  ]);
  render(
    <FiefAuthProvider auth={auth}>
      <RequireAuth fallback={<p>checking</p>}>
        <RouterProvider router={router} />
      </RequireAuth>
    </FiefAuthProvider>,
  );
  return navigations;
}

describe('<RequireAuth> around the callback route, after a callback that failed', () => {
  // Was a defect (h74): the failed callback had cleaned its answer from the URL, so "Try again" no longer saw the
  // callback page and started a login returning to /callback; <FiefAuthCallback> then navigated to the page it was
  // on and showed its loading element for ever, the user signed in but never in the app.
  it('"Try again" signs the user in and shows the app, not the callback page', async () => {
    // A callback URL whose state this tab never issued (a forged or stale link).
    window.history.replaceState(null, '', '/callback?state=forged-state-value&code=forged-code');
    const navigations = renderApp();
    await screen.findByRole('alert');
    act(() => screen.getByRole('button', { name: 'Try again' }).click());
    const authorizationURL = await navigation(navigations);
    // The page leaves for Fief; the user signs in and comes back to a new page.
    cleanup();
    await signInAt(authorizationURL);
    renderApp();
    await screen.findByText(`at / as ${DEMO_USER.email}`);
  });

  it('a callback with error=access_denied shows the error, and "Try again" brings the user into the app', async () => {
    const { auth, navigations } = flow.createEngine();
    await auth.redirectToLogin(CALLBACK_URI, { returnTo: '/orders' });
    const state = new URL(await navigation(navigations)).searchParams.get('state') ?? '';
    // What Fief sends back when the user declines (RFC 6749 §4.1.2.1), with its issuer (RFC 9207).
    const answer = new URLSearchParams({ error: 'access_denied', state, iss: flow.server.url });
    window.history.replaceState(null, '', `/callback?${answer}`);
    const next = renderApp();
    expect((await screen.findByRole('alert')).textContent).toContain('access_denied');
    act(() => screen.getByRole('button', { name: 'Try again' }).click());
    const authorizationURL = await navigation(next);
    cleanup();
    await signInAt(authorizationURL);
    renderApp();
    await screen.findByText(`at / as ${DEMO_USER.email}`);
  });
});
