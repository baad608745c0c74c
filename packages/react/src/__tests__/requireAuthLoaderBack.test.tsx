/**
 * A page loaded with Back or Forward while signed out. In a file of its own: it resets the module registry, and the
 * engine's chunk loaded by a later test would then come as a fresh copy, with error classes of its own.
 */
import { createTestFiefAuth } from '@fief-spa/core/testing';
import { cleanup, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, useLoaderData, useRouteError } from 'react-router';
import { afterEach, describe, expect, test, vi } from 'vitest';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

let protectedRenders = 0;

function Account() {
  protectedRenders += 1;
  return <p>account of {useLoaderData<string>()}</p>;
}

/** The error's code (the fresh module has its own copy of the error classes). */
function ErrorCode() {
  return <p role="alert">{String((useRouteError() as { code?: unknown }).code)}</p>;
}

describe('requireAuthLoader', () => {
  test('a page loaded with Back or Forward while signed out starts no login: the errorElement gets ERR_FIEF_NOT_AUTHENTICATED', async () => {
    // A fresh module: the guard looks at the navigation type only on its first run in a document.
    vi.resetModules();
    const { requireAuthLoader: freshGuard } = await import('../requireAuthLoader.js');
    const navigation = vi
      .spyOn(performance, 'getEntriesByType')
      .mockReturnValue([{ type: 'back_forward' } as PerformanceNavigationTiming]);
    try {
      protectedRenders = 0;
      const auth = createTestFiefAuth();
      const router = createMemoryRouter(
        [{ path: '/account', loader: freshGuard(auth), element: <Account />, errorElement: <ErrorCode /> }],
        { initialEntries: ['/account'] },
      );
      render(<RouterProvider router={router} />);
      expect((await screen.findByRole('alert')).textContent).toBe('ERR_FIEF_NOT_AUTHENTICATED');
      expect(auth.calls).toEqual([]);
      expect(protectedRenders).toBe(0);

      // Later navigations inside the app are not the page's load: a signed-out visit starts the login.
      void router.navigate('/account?again'); // stays pending: the page is leaving for Fief
      await vi.waitFor(() => expect(auth.calls.map((call) => call.method)).toEqual(['redirectToLogin']));
    } finally {
      navigation.mockRestore();
    }
  });
});
