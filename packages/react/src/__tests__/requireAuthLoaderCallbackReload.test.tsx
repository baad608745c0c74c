import { cleanup, render, screen } from '@testing-library/react';
import { createBrowserRouter, Outlet, RouterProvider, useRouteError } from 'react-router';
import { describe, expect, it } from 'vitest';
import { FiefAuthCallback, FiefAuthProvider, requireAuthLoader } from '../index.js';
import { DEMO_USER, navigation, setUpDevServer, signInAt } from './devServer.js';
import { Where } from './Where.js';

const flow = setUpDevServer();

function Failed() {
  return <p role="alert">{(useRouteError() as Error).message}</p>;
}

/** A page load of the app, guarded as a whole by requireAuthLoader, on a new engine. */
function loadApp() {
  const { auth, navigations } = flow.createEngine();
  const router = createBrowserRouter([
    {
      path: '/',
      loader: requireAuthLoader(auth),
      element: <Outlet />,
      errorElement: <Failed />,
      hydrateFallbackElement: <p>checking</p>,
      children: [
        { path: 'callback', element: <FiefAuthCallback loadingElement={<p>signing in</p>} /> },
        { index: true, element: <Where /> },
        { path: '*', element: <Where /> },
      ],
    },
  ]);
  render(
    <FiefAuthProvider auth={auth}>
      <RouterProvider router={router} />
    </FiefAuthProvider>,
  );
  return navigations;
}

describe('requireAuthLoader around the callback route, after a callback that failed', () => {
  // Was a defect (h74): the reloaded /callback (its answer cleaned from the URL) started a login returning to
  // /callback; <FiefAuthCallback> then navigated to the page it was on and showed its loading element for ever.
  it('reloading the callback page signs the user in and shows the app, not the callback page', async () => {
    window.history.replaceState(null, '', '/callback?state=forged-state-value&code=forged-code');
    loadApp();
    await screen.findByRole('alert');
    // The address bar now shows /callback; the user reloads it.
    expect(window.location.pathname + window.location.search).toBe('/callback');
    cleanup();
    const navigations = loadApp();
    const authorizationURL = await navigation(navigations);
    cleanup();
    await signInAt(authorizationURL);
    loadApp();
    await screen.findByText(`at / as ${DEMO_USER.email}`);
  });
});
