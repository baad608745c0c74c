import { Fief, FiefAuth, FiefError, MemoryStorage } from '@fief-spa/core';
import { createTestFiefAuth } from '@fief-spa/core/testing';
import { act, cleanup, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, useLoaderData, useRouteError } from 'react-router';
import { afterEach, describe, expect, it, test, vi } from 'vitest';
import { requireAuthLoader } from '../index.js';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

const anne = { sub: 'u1', email: 'anne@example.com', tenant_id: 't1', fields: {} };
let protectedRenders = 0;

function Account() {
  protectedRenders += 1;
  return <p>account of {useLoaderData<string>()}</p>;
}

function LoginFailed() {
  const error = useRouteError();
  return <p role="alert">{error instanceof FiefError ? `typed ${error.code}` : 'untyped'}</p>;
}

function renderAt(auth: FiefAuth, entry: string) {
  const router = createMemoryRouter(
    [
      { path: '/', element: <p>home</p> },
      {
        path: '/account',
        loader: requireAuthLoader(auth, { loader: (_args, state) => state.userinfo?.email ?? '' }),
        element: <Account />,
        errorElement: <LoginFailed />,
      },
    ],
    { initialEntries: [entry] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

describe('requireAuthLoader', () => {
  test('lets a signed-in user through, with the route loader run on the settled state', async () => {
    renderAt(createTestFiefAuth({ userinfo: anne }), '/account');
    expect(await screen.findByText('account of anne@example.com')).toBeTruthy();
  });

  test('a signed-out deep link starts the login with returnTo = path + search + hash; the route never renders', async () => {
    protectedRenders = 0;
    // A deep link: the page's address is the requested one (a request URL carries no fragment).
    window.history.replaceState(null, '', '/account?tab=keys#key-2');
    const auth = createTestFiefAuth();
    renderAt(auth, '/account?tab=keys#key-2');
    await vi.waitFor(() => expect(auth.calls.map((call) => call.method)).toEqual(['redirectToLogin']));
    expect(auth.calls[0]?.args).toEqual([
      'http://localhost/callback',
      { returnTo: '/account?tab=keys#key-2' },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(protectedRenders).toBe(0);
  });

  test('waits while the session is loading, then decides', async () => {
    const auth = createTestFiefAuth({ status: 'loading' });
    renderAt(auth, '/account');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.queryByText(/account of/)).toBeNull();
    auth.signIn(anne);
    expect(await screen.findByText('account of anne@example.com')).toBeTruthy();
  });

  // Was a defect (h72): the guard of a link the user had already left (they clicked elsewhere while the session was still
  // loading) went on once the session settled signed out, and sent them from the page they chose to the login page.
  it('a navigation abandoned while the session loads starts no login', async () => {
    const auth = createTestFiefAuth({ status: 'loading' });
    const router = renderAt(auth, '/');
    await screen.findByText('home');
    void router.navigate('/account'); // waits for the session
    await act(() => router.navigate('/?elsewhere')); // the user does not wait: the first navigation is abandoned
    expect(router.state.location.search).toBe('?elsewhere');
    act(() => auth.signOut());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(auth.calls).toEqual([]);
    expect(screen.getByText('home')).toBeTruthy();
  });

  test('a login that cannot start reaches the errorElement as a typed FiefError', async () => {
    // A real engine whose identity server is down.
    const auth = new FiefAuth(new Fief({ baseURL: 'http://127.0.0.1:9', clientId: 'spa' }), {
      storage: new MemoryStorage(),
      tabSync: { channel: () => null, locks: null, shared: null },
    });
    renderAt(auth, '/account');
    expect((await screen.findByRole('alert', {}, { timeout: 5_000 })).textContent).toBe(
      'typed ERR_FIEF_NETWORK',
    );
    auth.dispose();
  });
});
