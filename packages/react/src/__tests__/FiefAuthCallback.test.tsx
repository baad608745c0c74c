import type { FiefAuthCallbackResult } from '@fief-spa/core';
import { act, render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { createMemoryRouter, MemoryRouter, Route, RouterProvider, Routes } from 'react-router';
import { describe, expect, test, vi } from 'vitest';
import { FiefAuthCallback, FiefAuthProvider, useFiefAuthCallback } from '../index.js';
import { CALLBACK_URI, DEMO_USER, navigation, setUpDevServer, signInAt, tokenRequests } from './devServer.js';
import { Where } from './Where.js';

const flow = setUpDevServer();

/** A started engine whose user went through the login page and is now on the callback URL. */
async function arriveOnCallback(returnTo: string) {
  const { auth, navigations } = flow.createEngine();
  auth.start();
  await auth.redirectToLogin(CALLBACK_URI, { returnTo });
  const callbackURL = await signInAt(await navigation(navigations));
  flow.server.clearRequests();
  const { pathname, search } = new URL(callbackURL);
  return { auth, callbackPath: pathname + search };
}

describe('<FiefAuthCallback> in StrictMode', () => {
  test('exchanges the code once and replaces the callback entry with returnTo (data router)', async () => {
    const { auth, callbackPath } = await arriveOnCallback('/orders/42?tab=items#line-3');
    const onSuccess = vi.fn<(result: FiefAuthCallbackResult) => void>();
    const router = createMemoryRouter(
      [
        {
          path: '/callback',
          element: <FiefAuthCallback onSuccess={onSuccess} loadingElement={<p>signing in</p>} />,
        },
        { path: '*', element: <Where /> },
      ],
      { initialEntries: ['/', callbackPath], initialIndex: 1 },
    );
    render(
      <StrictMode>
        <FiefAuthProvider auth={auth}>
          <RouterProvider router={router} />
        </FiefAuthProvider>
      </StrictMode>,
    );
    expect(screen.getByText('signing in')).toBeTruthy();

    await screen.findByText(`at /orders/42?tab=items#line-3 as ${DEMO_USER.email}`);
    expect(tokenRequests(flow.server)).toBe(1);
    expect(onSuccess).toHaveBeenCalledOnce();
    expect(onSuccess.mock.calls[0]?.[0]).toMatchObject({ returnTo: '/orders/42?tab=items#line-3' });
    expect(router.state.historyAction).toBe('REPLACE');
    await act(() => router.navigate(-1));
    expect(router.state.location.pathname).toBe('/'); // the callback URL is no longer in the history
  });

  test('exchanges the code once with a declarative <MemoryRouter>', async () => {
    const { auth, callbackPath } = await arriveOnCallback('/dashboard');
    render(
      <StrictMode>
        <FiefAuthProvider auth={auth}>
          <MemoryRouter initialEntries={[callbackPath]}>
            <Routes>
              <Route path="/callback" element={<FiefAuthCallback />} />
              <Route path="*" element={<Where />} />
            </Routes>
          </MemoryRouter>
        </FiefAuthProvider>
      </StrictMode>,
    );
    await screen.findByText(`at /dashboard as ${DEMO_USER.email}`);
    expect(tokenRequests(flow.server)).toBe(1);
  });

  test('shows the error view, and asks for no token, when the state is not the one sent', async () => {
    const { auth } = await arriveOnCallback('/dashboard');
    const url = new URL(window.location.href);
    url.searchParams.set('state', 'forged-state');
    window.history.replaceState(null, '', url);
    render(
      <StrictMode>
        <FiefAuthProvider auth={auth}>
          <MemoryRouter initialEntries={[url.pathname + url.search]}>
            <Routes>
              <Route
                path="/callback"
                element={
                  <FiefAuthCallback errorElement={(error) => <p role="alert">failed: {error.name}</p>} />
                }
              />
              <Route path="*" element={<Where />} />
            </Routes>
          </MemoryRouter>
        </FiefAuthProvider>
      </StrictMode>,
    );
    expect((await screen.findByRole('alert')).textContent).toBe('failed: FiefAuthCallbackError');
    expect(tokenRequests(flow.server)).toBe(0);
    expect(auth.isAuthenticated()).toBe(false);
  });

  test('the default error view shows the message', async () => {
    const { auth } = await arriveOnCallback('/');
    window.history.replaceState(null, '', '/callback?error=access_denied&state=whatever');
    render(
      <FiefAuthProvider auth={auth}>
        <MemoryRouter initialEntries={['/callback']}>
          <FiefAuthCallback />
        </MemoryRouter>
      </FiefAuthProvider>,
    );
    expect((await screen.findByRole('alert')).textContent).not.toBe('');
  });
});

function Callback() {
  const { status, error, returnTo } = useFiefAuthCallback();
  return <p>{status === 'error' ? `error ${error.name}` : `${status} ${returnTo}`}</p>;
}

describe('useFiefAuthCallback (any router)', () => {
  test('reports loading, then success with returnTo, after exactly one token request', async () => {
    const { auth } = await arriveOnCallback('/settings?tab=2');
    render(
      <StrictMode>
        <FiefAuthProvider auth={auth}>
          <Callback />
        </FiefAuthProvider>
      </StrictMode>,
    );
    expect(screen.getByText('loading null')).toBeTruthy();
    await screen.findByText('success /settings?tab=2');
    expect(tokenRequests(flow.server)).toBe(1);
    expect(auth.isAuthenticated()).toBe(true);
  });
});
