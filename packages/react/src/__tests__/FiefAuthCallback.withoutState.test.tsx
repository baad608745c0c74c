import type { FiefAuthCallbackResult } from '@fief-spa/core';
import { act, render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { FiefAuthCallback, FiefAuthProvider } from '../index.js';
import {
  CALLBACK_URI,
  clientSettings,
  DEMO_USER,
  logIn,
  setUpDevServer,
  tokenRequests,
} from './devServer.js';
import { Where } from './Where.js';

const flow = setUpDevServer();

/** A page load of the app on `/callback` (no query), its session kept in `sessionStorage` as by default. */
function loadCallbackPage() {
  const { props } = clientSettings(flow.server);
  const onSuccess = vi.fn<(result: FiefAuthCallbackResult) => void>();
  window.history.replaceState(null, '', '/somewhere');
  window.history.pushState(null, '', '/callback');
  const router = createBrowserRouter([
    { path: '/callback', element: <FiefAuthCallback onSuccess={onSuccess} /> },
    { path: '*', element: <Where /> },
  ]);
  render(
    <StrictMode>
      <FiefAuthProvider {...props} storage="session" redirectURI={CALLBACK_URI}>
        <RouterProvider router={router} />
      </FiefAuthProvider>
    </StrictMode>,
  );
  return { router, onSuccess };
}

// The callback page visited with no authorization response: a bookmark, Back or a reload after the login. It showed
// a signed-in user "expected a state in the callback URL" where the app should be.
describe('<FiefAuthCallback> on a callback URL without state', () => {
  it('takes a signed-in user to / in place of the callback entry, without onSuccess', async () => {
    const { auth, navigations } = flow.createEngine({ storage: 'session' });
    auth.start();
    await logIn(auth, navigations);
    auth.dispose();
    flow.server.clearRequests();

    const { router, onSuccess } = loadCallbackPage();

    await screen.findByText(`at / as ${DEMO_USER.email}`);
    expect(router.state.historyAction).toBe('REPLACE');
    expect(onSuccess).not.toHaveBeenCalled();
    expect(tokenRequests(flow.server)).toBe(0);
    // Back leaves the app's page for the one before the callback's, not for the callback again.
    await act(() => router.navigate(-1));
    expect(router.state.location.pathname).toBe('/somewhere');
  });

  it('shows a signed-out user the error view, as before', async () => {
    const { onSuccess } = loadCallbackPage();

    expect((await screen.findByRole('alert')).textContent).toBe(
      'expected a state in the callback URL, found none',
    );
    expect(onSuccess).not.toHaveBeenCalled();
  });
});
