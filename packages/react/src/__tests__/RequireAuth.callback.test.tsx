import { act, render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { FiefAuthCallback, FiefAuthProvider, RequireAuth } from '../index.js';
import { CALLBACK_URI, DEMO_USER, navigation, setUpDevServer, signInAt, tokenRequests } from './devServer.js';
import { Where } from './Where.js';

const flow = setUpDevServer();

describe('<RequireAuth> around the callback route', () => {
  // Was a defect (h72): with the whole app inside <RequireAuth> (the callback route among its children), it rendered the
  // fallback on the callback page, so <FiefAuthCallback> never ran; finding no session, it started another login,
  // which came back to the callback page, and so on: the user never got in.
  it('finishes the login instead of starting another one', async () => {
    const { auth, navigations } = flow.createEngine();
    await auth.redirectToLogin(CALLBACK_URI, { returnTo: '/orders' });
    await signInAt(await navigation(navigations));
    flow.server.clearRequests();
    const router = createBrowserRouter([
      { path: '/callback', element: <FiefAuthCallback /> },
      { path: '*', element: <Where /> },
    ]);
    render(
      <StrictMode>
        <FiefAuthProvider auth={auth}>
          <RequireAuth fallback={<p>checking</p>}>
            <RouterProvider router={router} />
          </RequireAuth>
        </FiefAuthProvider>
      </StrictMode>,
    );
    await screen.findByText(`at /orders as ${DEMO_USER.email}`);
    expect(navigations.map((url) => new URL(url).pathname)).toEqual(['/authorize']);
    expect(tokenRequests(flow.server)).toBe(1);
  });

  it('a callback that fails there shows the login error, and "Try again" starts one new login', async () => {
    const { auth, navigations } = flow.createEngine();
    await auth.redirectToLogin(CALLBACK_URI, { returnTo: '/orders' });
    await signInAt(await navigation(navigations));
    flow.server.clearRequests();
    const forged = new URL(window.location.href);
    forged.searchParams.set('state', 'forged-state-value');
    window.history.replaceState(null, '', forged);
    const router = createBrowserRouter([
      { path: '/callback', element: <FiefAuthCallback /> },
      { path: '*', element: <Where /> },
    ]);
    render(
      <FiefAuthProvider auth={auth}>
        <RequireAuth fallback={<p>checking</p>}>
          <RouterProvider router={router} />
        </RequireAuth>
      </FiefAuthProvider>,
    );
    await screen.findByRole('alert');
    expect(navigations).toHaveLength(1);
    act(() => screen.getByRole('button', { name: 'Try again' }).click());
    await navigation(navigations, 2);
    expect(new URL(navigations[1]!).pathname).toBe('/authorize');
    expect(tokenRequests(flow.server)).toBe(0);
  });
});
