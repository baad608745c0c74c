import { render, screen } from '@testing-library/react';
import { createBrowserRouter, Outlet, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { FiefAuthCallback, FiefAuthProvider, requireAuthLoader } from '../index.js';
import { CALLBACK_URI, DEMO_USER, navigation, setUpDevServer, signInAt, tokenRequests } from './devServer.js';
import { Where } from './Where.js';

const flow = setUpDevServer();

describe('requireAuthLoader on a layout route around the callback route', () => {
  // Was a defect (h72): with the whole app guarded (the guard on the root layout, the callback route among its children),
  // the guard ran on the callback page before <FiefAuthCallback> could finish the login, found no session, and
  // started another login, which came back to the callback page, and so on: the user never got in.
  it('finishes the login instead of starting another one', async () => {
    const { auth, navigations } = flow.createEngine();
    await auth.redirectToLogin(CALLBACK_URI, { returnTo: '/orders' });
    await signInAt(await navigation(navigations));
    flow.server.clearRequests();
    const router = createBrowserRouter([
      {
        path: '/',
        loader: requireAuthLoader(auth),
        element: <Outlet />,
        hydrateFallbackElement: <p>checking</p>,
        children: [
          { path: 'callback', element: <FiefAuthCallback /> },
          { path: '*', element: <Where /> },
        ],
      },
    ]);
    render(
      <FiefAuthProvider auth={auth}>
        <RouterProvider router={router} />
      </FiefAuthProvider>,
    );
    await screen.findByText(`at /orders as ${DEMO_USER.email}`);
    expect(navigations.map((url) => new URL(url).pathname)).toEqual(['/authorize']);
    expect(tokenRequests(flow.server)).toBe(1);
  });
});
