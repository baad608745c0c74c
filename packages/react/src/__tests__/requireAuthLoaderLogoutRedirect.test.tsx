import type { FiefAuth } from '@fief-spa/core';
import { act, render, screen } from '@testing-library/react';
import {
  createBrowserRouter,
  Form,
  Outlet,
  type RouteObject,
  RouterProvider,
  redirect,
  useRouteError,
} from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { FiefAuthProvider, requireAuthLoader } from '../index.js';
import { logIn, REAL_WAIT, setUpDevServer } from './devServer.js';
import { pageShow } from './pageShow.js';

const flow = setUpDevServer();

function SignOutForm() {
  return (
    <Form method="post">
      <button type="submit">Sign out</button>
    </Form>
  );
}

/**
 * A signed-in user on `/account`, whose action signs out and redirects to `to`, clicks "Sign out" beside the routes
 * `guarded` makes; returns what reads the paths the page was sent to after the click (settled once it returns).
 */
async function signOutThroughAction(
  to: string,
  guarded: (auth: FiefAuth) => RouteObject[],
): Promise<() => string[]> {
  const { auth, navigations } = flow.createEngine();
  auth.start();
  await logIn(auth, navigations);
  window.history.replaceState(null, '', '/account');
  const router = createBrowserRouter([
    ...guarded(auth),
    {
      path: '/account',
      loader: requireAuthLoader(auth),
      action: async () => {
        await auth.logout('http://127.0.0.1:5173/');
        return redirect(to);
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
  return () => navigations.slice(before).map((url) => new URL(url).pathname);
}

describe('requireAuthLoader when a sign-out action redirects to a guarded page', () => {
  // h74: the action's redirect to a guarded page runs that page's guard while logout() is leaving for Fief's logout
  // page; finding no session on a page other than the one it showed, it starts a login, whose navigation, the later
  // one, replaced logout()'s: Fief's session stayed open and the login signed the user straight back in. The engine
  // now starts no navigation to a login while the page leaves for the logout (`pageDeparture.ts`).
  it('a sign-out through a route action that redirects sends the page to Fief once, to log out', async () => {
    const paths = await signOutThroughAction('/', (auth) => [
      { path: '/', loader: requireAuthLoader(auth), element: <p>home</p>, errorElement: <p>signed out</p> },
    ]);
    expect(paths()).toEqual(['/logout']);
  });

  it('a sign-out action that redirects to a guarded child of a guarded layout sends the page to Fief once, to log out', async () => {
    const paths = await signOutThroughAction('/shop/cart', (auth) => [
      {
        path: '/shop',
        loader: requireAuthLoader(auth),
        element: <Outlet />,
        errorElement: <p>signed out</p>,
        children: [{ path: 'cart', loader: requireAuthLoader(auth), element: <p>cart</p> }],
      },
    ]);
    expect(paths()).toEqual(['/logout']);
    expect(screen.queryByText('signed out')).toBeNull();
  });

  it('back from the back-forward cache, the guard whose login was skipped fails with ERR_FIEF_NOT_AUTHENTICATED', async () => {
    // Its login did not navigate (the page was leaving for Fief's logout), and the loader waited for a departure that
    // the restored page will never make: the page stayed on its pending navigation forever. Starting the login now
    // would send Back to Fief again; the guard fails instead, as a page loaded with Back does.
    const paths = await signOutThroughAction('/', (auth) => [
      { path: '/', loader: requireAuthLoader(auth), element: <p>home</p>, errorElement: <ErrorCode /> },
    ]);
    expect(screen.queryByText(/ERR_FIEF/)).toBeNull();

    await act(async () => pageShow());

    expect(await screen.findByText('ERR_FIEF_NOT_AUTHENTICATED')).toBeTruthy();
    expect(paths()).toEqual(['/logout']);
  });
});

function ErrorCode() {
  const error = useRouteError() as { code?: string };
  return <p>{error.code}</p>;
}
