/**
 * `<RequireAuth>` on the page a sign-out button navigates to: its login must not replace `logout()`'s navigation to
 * Fief's logout page (the browser follows the last one; Fief's session would stay open and sign the user straight back
 * in), and the user sees the guard's fallback while the page leaves, not a login error.
 */
import { act, render, screen } from '@testing-library/react';
import { createBrowserRouter, RouterProvider, useNavigate } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { FiefAuthProvider, RequireAuth, useFiefAuth } from '../index.js';
import { logIn, REAL_WAIT, setUpDevServer } from './devServer.js';

const flow = setUpDevServer();

/** Signs out, then goes to the guarded page: after the logout navigated, or at once (not waiting for it). */
function SignOutButton({ waits }: { waits: boolean }) {
  const auth = useFiefAuth();
  const navigate = useNavigate();
  const signOut = (): void => {
    const leaving = auth.logout('http://127.0.0.1:5173/');
    if (waits) void leaving.then(() => navigate('/guarded'));
    else {
      leaving.catch(() => {});
      void navigate('/guarded');
    }
  };
  return (
    <button type="button" onClick={signOut}>
      Sign out
    </button>
  );
}

describe.each([
  ['after logout() navigated', true],
  ['before logout() navigated', false],
])('<RequireAuth> on the page a sign-out button goes to %s', (_when, waits) => {
  it('sends the page to Fief once, to log out, and shows the fallback meanwhile', async () => {
    const { auth, navigations } = flow.createEngine();
    auth.start();
    await logIn(auth, navigations);
    window.history.replaceState(null, '', '/account');
    const guarded = (page: string) => (
      <RequireAuth fallback={<p>leaving</p>}>
        <p>{page}</p>
      </RequireAuth>
    );
    const router = createBrowserRouter([
      { path: '/account', element: <SignOutButton waits={waits} /> },
      { path: '/guarded', element: guarded('secret') },
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
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('leaving')).toBeTruthy();
  });
});
