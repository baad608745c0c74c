/**
 * The guards on a page back from the back-forward cache to a login they started, when the user IS signed in by then
 * (signed in in another tab meanwhile; the engine adopts the stored session when the page is restored): the guarded
 * page shows, not `ERR_FIEF_NOT_AUTHENTICATED`, whichever of the engine's and the guard's listeners hears the restore
 * first (an engine rebuilt after the guard started listens after it).
 */
import { createTestFiefAuth, type TestFiefAuth } from '@fief-spa/core/testing';
import { act, cleanup, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, useLoaderData, useRouteError } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FiefAuthProvider, RequireAuth, requireAuthLoader } from '../index.js';
import { pageShow } from './pageShow.js';

afterEach(() => cleanup());

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

/** The engine's own restore handling, as `sessionResume.ts` does it: the session another tab stored is adopted. */
function adoptOnRestore(auth: TestFiefAuth): void {
  const listener = (event: PageTransitionEvent) => {
    if (event.persisted) auth.signIn({ sub: 'u1', email: 'anne@example.com' } as never);
  };
  window.addEventListener('pageshow', listener);
  stops.push(() => window.removeEventListener('pageshow', listener));
}

function ErrorCode() {
  return <p role="alert">{String((useRouteError() as { code?: unknown }).code)}</p>;
}

function Account() {
  return <p>account of {String((useLoaderData() as { userinfo?: { email?: string } }).userinfo?.email)}</p>;
}

function guardedRouter(auth: TestFiefAuth) {
  return createMemoryRouter(
    [
      { path: '/', element: <p>home</p> },
      {
        path: '/account',
        loader: requireAuthLoader(auth),
        element: <Account />,
        errorElement: <ErrorCode />,
      },
    ],
    { initialEntries: ['/'] },
  );
}

describe('requireAuthLoader, restored signed in', () => {
  it('the engine hears the restore first: the guarded page shows', async () => {
    const auth = createTestFiefAuth();
    adoptOnRestore(auth);
    const router = guardedRouter(auth);
    render(<RouterProvider router={router} />);
    void router.navigate('/account');
    await vi.waitFor(() => expect(auth.calls.map((call) => call.method)).toEqual(['redirectToLogin']));

    await act(async () => pageShow(true));

    expect((await screen.findByText(/^account of/)).textContent).toBe('account of anne@example.com');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(auth.calls.map((call) => call.method)).toEqual(['redirectToLogin']);
  });

  it('the guard hears the restore first (an engine rebuilt since): the guarded page shows', async () => {
    const auth = createTestFiefAuth();
    const router = guardedRouter(auth);
    render(<RouterProvider router={router} />);
    void router.navigate('/account');
    await vi.waitFor(() => expect(auth.calls.map((call) => call.method)).toEqual(['redirectToLogin']));
    adoptOnRestore(auth);

    await act(async () => pageShow(true));

    expect((await screen.findByText(/^account of/)).textContent).toBe('account of anne@example.com');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('still without a session after the restore: ERR_FIEF_NOT_AUTHENTICATED, once, and no login', async () => {
    const auth = createTestFiefAuth();
    const router = guardedRouter(auth);
    render(<RouterProvider router={router} />);
    void router.navigate('/account');
    await vi.waitFor(() => expect(auth.calls.map((call) => call.method)).toEqual(['redirectToLogin']));

    await act(async () => pageShow(true));
    expect((await screen.findByRole('alert')).textContent).toBe('ERR_FIEF_NOT_AUTHENTICATED');
    // Signed in later (the engine's tabs answered): the error page was the guard's answer for that load.
    await act(async () => auth.signIn({ sub: 'u1', email: 'anne@example.com' } as never));
    expect(auth.calls.map((call) => call.method)).toEqual(['redirectToLogin']);
  });
});

describe('<RequireAuth>, restored signed in', () => {
  for (const [name, engineFirst] of [
    ['the engine hears the restore first', true],
    ['the guard hears the restore first', false],
  ] as const) {
    it(`${name}: the children show, not loginError`, async () => {
      const auth = createTestFiefAuth();
      if (engineFirst) adoptOnRestore(auth);
      render(
        <FiefAuthProvider auth={auth}>
          <RequireAuth fallback={<p>checking</p>} loginError={(error) => <p role="alert">{error.code}</p>}>
            <p>account</p>
          </RequireAuth>
        </FiefAuthProvider>,
      );
      await vi.waitFor(() => expect(auth.calls.map((call) => call.method)).toEqual(['redirectToLogin']));
      if (!engineFirst) adoptOnRestore(auth);

      await act(async () => pageShow(true));

      expect(await screen.findByText('account')).toBeTruthy();
      expect(screen.queryByRole('alert')).toBeNull();
      expect(auth.calls.map((call) => call.method)).toEqual(['redirectToLogin']);
    });
  }
});
