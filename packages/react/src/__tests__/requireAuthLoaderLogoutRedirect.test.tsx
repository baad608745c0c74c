import { act, render, screen } from '@testing-library/react';
import { createBrowserRouter, Form, Outlet, RouterProvider, redirect } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { FiefAuthProvider, requireAuthLoader } from '../index.js';
import { logIn, REAL_WAIT, setUpDevServer } from './devServer.js';

const flow = setUpDevServer();

function SignOutForm() {
  return (
    <Form method="post">
      <button type="submit">Sign out</button>
    </Form>
  );
}

describe('requireAuthLoader when a sign-out action redirects to a guarded page', () => {
  // h74: the action's redirect to a guarded page runs that page's guard while logout() is leaving for Fief's logout
  // page; finding no session on a page other than the one it showed, it starts a login, whose navigation, the later
  // one, replaced logout()'s: Fief's session stayed open and the login signed the user straight back in. The engine
  // now starts no navigation to a login while the page leaves for the logout (`pageDeparture.ts`).
  it('a sign-out through a route action that redirects sends the page to Fief once, to log out', async () => {
    const { auth, navigations } = flow.createEngine();
    auth.start();
    await logIn(auth, navigations);
    window.history.replaceState(null, '', '/account');
    const router = createBrowserRouter([
      { path: '/', loader: requireAuthLoader(auth), element: <p>home</p>, errorElement: <p>signed out</p> },
      {
        path: '/account',
        loader: requireAuthLoader(auth),
        action: async () => {
          await auth.logout('http://127.0.0.1:5173/');
          return redirect('/');
        },
        element: <SignOutForm />,
      },
    ]);
    render(
      <FiefAuthProvider auth={auth}>
        <RouterProvider router={router} />
      </FiefAuthProvider>,
    );
    const before = navigations.length;
    const signOut = await screen.findByRole('button', { name: 'Sign out' });
    await act(async () => signOut.click());
    await vi.waitFor(() => expect(navigations.length).toBeGreaterThan(before), REAL_WAIT);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(navigations.slice(before).map((url) => new URL(url).pathname)).toEqual(['/logout']);
  });

  it('a sign-out action that redirects to a guarded child of a guarded layout sends the page to Fief once, to log out', async () => {
    const { auth, navigations } = flow.createEngine();
    auth.start();
    await logIn(auth, navigations);
    window.history.replaceState(null, '', '/account');
    const router = createBrowserRouter([
      {
        path: '/shop',
        loader: requireAuthLoader(auth),
        element: <Outlet />,
        errorElement: <p>signed out</p>,
        children: [{ path: 'cart', loader: requireAuthLoader(auth), element: <p>cart</p> }],
      },
      {
        path: '/account',
        loader: requireAuthLoader(auth),
        action: async () => {
          await auth.logout('http://127.0.0.1:5173/');
          return redirect('/shop/cart');
        },
        element: <SignOutForm />,
      },
    ]);
    render(
      <FiefAuthProvider auth={auth}>
        <RouterProvider router={router} />
      </FiefAuthProvider>,
    );
    const before = navigations.length;
    const signOut = await screen.findByRole('button', { name: 'Sign out' });
    await act(async () => signOut.click());
    await vi.waitFor(() => expect(navigations.length).toBeGreaterThan(before), REAL_WAIT);
    await act(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(navigations.slice(before).map((url) => new URL(url).pathname)).toEqual(['/logout']);
    expect(screen.queryByText('signed out')).toBeNull();
  });
});
