/**
 * The guards on a page back from the back-forward cache after their login navigated (Back from Fief's login page):
 * the page will not leave any more, so their wait ends with `ERR_FIEF_NOT_AUTHENTICATED`, as a page loaded with Back,
 * and no login starts by itself (Back would lead to Fief again and again). A page shown without being restored
 * (`persisted` false: a fresh load) changes nothing.
 */
import { createTestFiefAuth } from '@fief-spa/core/testing';
import { act, cleanup, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, useRouteError } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FiefAuthProvider, RequireAuth, requireAuthLoader } from '../index.js';
import { pageShow } from './pageShow.js';

afterEach(() => cleanup());

function ErrorCode() {
  return <p role="alert">{String((useRouteError() as { code?: unknown }).code)}</p>;
}

describe('a page back from the back-forward cache after the guard sent it to login', () => {
  it('requireAuthLoader: the pending load fails with ERR_FIEF_NOT_AUTHENTICATED, and no second login', async () => {
    const auth = createTestFiefAuth();
    const router = createMemoryRouter(
      [
        { path: '/', element: <p>home</p> },
        {
          path: '/account',
          loader: requireAuthLoader(auth),
          element: <p>account</p>,
          errorElement: <ErrorCode />,
        },
      ],
      { initialEntries: ['/'] },
    );
    render(<RouterProvider router={router} />);
    void router.navigate('/account');
    await vi.waitFor(() => expect(auth.calls.map((call) => call.method)).toEqual(['redirectToLogin']));

    await act(async () => pageShow(false));
    expect(screen.getByText('home')).toBeTruthy();
    await act(async () => pageShow(true));

    expect((await screen.findByRole('alert')).textContent).toBe('ERR_FIEF_NOT_AUTHENTICATED');
    expect(auth.calls.map((call) => call.method)).toEqual(['redirectToLogin']);
  });

  it('<RequireAuth>: renders loginError with ERR_FIEF_NOT_AUTHENTICATED, not the fallback for ever', async () => {
    const auth = createTestFiefAuth();
    render(
      <FiefAuthProvider auth={auth}>
        <RequireAuth
          fallback={<p>checking</p>}
          loginError={(error, retry) => (
            <button type="button" onClick={retry}>
              {error.code}
            </button>
          )}
        >
          <p>account</p>
        </RequireAuth>
      </FiefAuthProvider>,
    );
    await vi.waitFor(() => expect(auth.calls.map((call) => call.method)).toEqual(['redirectToLogin']));

    await act(async () => pageShow(false));
    expect(screen.getByText('checking')).toBeTruthy();
    await act(async () => pageShow(true));
    const retry = await screen.findByRole('button', { name: 'ERR_FIEF_NOT_AUTHENTICATED' });
    expect(auth.calls.map((call) => call.method)).toEqual(['redirectToLogin']);

    await act(async () => retry.click());
    await vi.waitFor(() =>
      expect(auth.calls.map((call) => call.method)).toEqual(['redirectToLogin', 'redirectToLogin']),
    );
  });
});
