import type { FiefAuthCallbackResult } from '@fief-spa/core';
import { act, render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { FiefAuthCallback, FiefAuthProvider } from '../index.js';
import { CALLBACK_URI, DEMO_USER, navigation, setUpDevServer, signInAt, tokenRequests } from './devServer.js';
import { Where } from './Where.js';

const flow = setUpDevServer();

/**
 * The app after a login through `<FiefAuthCallback>` in StrictMode: the code exchanged, the user at `/orders` (the
 * callback entry replaced), and the router to take the app back to the callback route in-app (a link, Back).
 */
async function signedInThroughCallback() {
  const { auth, navigations } = flow.createEngine();
  auth.start();
  await auth.redirectToLogin(CALLBACK_URI, { returnTo: '/orders' });
  const { pathname, search } = new URL(await signInAt(await navigation(navigations)));
  flow.server.clearRequests();
  const onSuccess = vi.fn<(result: FiefAuthCallbackResult) => void>();
  const router = createMemoryRouter(
    [
      {
        path: '/callback',
        element: (
          <FiefAuthCallback
            onSuccess={onSuccess}
            errorElement={(error) => <p role="alert">{error.name}</p>}
          />
        ),
      },
      { path: '*', element: <Where /> },
    ],
    { initialEntries: ['/', pathname + search], initialIndex: 1 },
  );
  render(
    <StrictMode>
      <FiefAuthProvider auth={auth}>
        <RouterProvider router={router} />
      </FiefAuthProvider>
    </StrictMode>,
  );
  await screen.findByText(`at /orders as ${DEMO_USER.email}`);
  expect(onSuccess).toHaveBeenCalledOnce();
  expect(tokenRequests(flow.server)).toBe(1);
  return { auth, router, onSuccess };
}

// `<FiefAuthCallback>` mounted again on the callback route, the address bar cleaned: the engine answers with the login
// itself while the tab holds its tokens (`callbackRuns`), a new instance of the component must not take it for a new
// login.
describe('<FiefAuthCallback> on the callback route again in the same page', () => {
  it('does not call onSuccess a second time for the same login, nor exchange its code again', async () => {
    const { router, onSuccess } = await signedInThroughCallback();

    await act(() => router.navigate('/callback'));

    await vi.waitFor(() => expect(router.state.location.pathname).not.toBe('/callback'));
    expect(onSuccess).toHaveBeenCalledOnce();
    expect(tokenRequests(flow.server)).toBe(1);
  });

  it('after a sign-out, shows the error view and does not call onSuccess', async () => {
    const { auth, router, onSuccess } = await signedInThroughCallback();
    await act(() => auth.logout(CALLBACK_URI).catch(() => {}));

    await act(() => router.navigate('/callback'));

    expect((await screen.findByRole('alert')).textContent).toBe('FiefAuthCallbackError');
    expect(onSuccess).toHaveBeenCalledOnce();
  });
});
