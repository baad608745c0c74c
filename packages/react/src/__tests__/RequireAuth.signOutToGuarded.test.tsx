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
import { pageShow } from './pageShow.js';

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

/** A signed-in user on `/account` clicks "Sign out", which goes on to `/guarded`; the paths the page was sent to. */
async function signOutToGuarded(waits: boolean): Promise<() => string[]> {
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
  return () => navigations.slice(before).map((url) => new URL(url).pathname);
}

describe.each([
  ['after logout() navigated', true],
  ['before logout() navigated', false],
])('<RequireAuth> on the page a sign-out button goes to %s', (_when, waits) => {
  it('sends the page to Fief once, to log out, and shows the fallback meanwhile', async () => {
    const paths = await signOutToGuarded(waits);

    expect(paths()).toEqual(['/logout']);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('leaving')).toBeTruthy();
  });

  it('back from the back-forward cache, says the user is not signed in, and logs in on "Try again" only', async () => {
    // The login this guard asked for was skipped while the page left; restored, the page showed the fallback forever.
    // Starting the login by itself would send Back to Fief again (the loop requireAuthLoader avoids).
    const paths = await signOutToGuarded(waits);

    await act(async () => pageShow());
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('found none');
    expect(paths()).toEqual(['/logout']);

    await act(async () => screen.getByRole('button', { name: 'Try again' }).click());
    await vi.waitFor(() => expect(paths()).toEqual(['/logout', '/authorize']), REAL_WAIT);
  });
});
