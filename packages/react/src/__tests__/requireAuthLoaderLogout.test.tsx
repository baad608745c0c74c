import { act, render, screen } from '@testing-library/react';
import { createBrowserRouter, Form, RouterProvider, useRouteError } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { FiefAuthProvider, requireAuthLoader } from '../index.js';
import { logIn, REAL_WAIT, setUpDevServer } from './devServer.js';

const flow = setUpDevServer();

function ErrorCode() {
  return <p role="alert">{String((useRouteError() as { code?: unknown }).code)}</p>;
}

function SignOutForm() {
  return (
    <Form method="post">
      <button type="submit">Sign out</button>
    </Form>
  );
}

describe('requireAuthLoader when the session ends on the page it guards', () => {
  // Was a defect (h72): a sign-out through a route action (`<Form method="post">`) makes react-router run the page's loaders
  // again; the guard, finding no session, started a login. Its navigation to Fief's login page replaced logout()'s
  // navigation to Fief's logout page, so Fief's session stayed open and the login signed the user straight back in.
  it('a sign-out through a route action sends the page to Fief once, to log out', async () => {
    const { auth, navigations } = flow.createEngine();
    auth.start();
    await logIn(auth, navigations);
    window.history.replaceState(null, '', '/account');
    const router = createBrowserRouter([
      {
        path: '/account',
        loader: requireAuthLoader(auth),
        action: async () => {
          await auth.logout('http://127.0.0.1:5173/');
          return null;
        },
        element: <SignOutForm />,
        errorElement: <ErrorCode />,
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
    // The page shows the route's signed-out view, as a page loaded with Back after a sign-out does.
    expect((await screen.findByRole('alert')).textContent).toBe('ERR_FIEF_NOT_AUTHENTICATED');
    expect(navigations.slice(before).map((url) => new URL(url).pathname)).toEqual(['/logout']);
  });
});
