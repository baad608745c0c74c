/**
 * A page loaded with Back or Forward while signed out. In a file of its own: it resets the module registry, and the
 * engine's chunk loaded by a later test would then come as a fresh copy, with error classes of its own.
 */
import { createTestFiefAuth } from '@fief-spa/core/testing';
import { act, cleanup, render, screen } from '@testing-library/react';
import { createMemoryRouter, Outlet, RouterProvider, useLoaderData, useRouteError } from 'react-router';
import { afterEach, describe, expect, it, test, vi } from 'vitest';

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
      window.history.replaceState(null, '', '/account'); // the page's own load asks for the page's address
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

/** A fresh guard module (it reads the navigation type on its first run in a document), in a page loaded by `type`. */
async function guardInPageLoadedBy(type: NavigationTimingType) {
  vi.resetModules();
  const { requireAuthLoader: freshGuard } = await import('../requireAuthLoader.js');
  vi.spyOn(performance, 'getEntriesByType').mockReturnValue([{ type } as PerformanceNavigationTiming]);
  return freshGuard;
}

afterEach(() => {
  vi.restoreAllMocks();
});

function Layout() {
  return (
    <div>
      layout <Outlet />
    </div>
  );
}

describe('requireAuthLoader in a page loaded with Back or Forward', () => {
  // Was a defect (h72): react-router runs the loaders of a nested route at once; only the first asked about the
  // page's load, so a guarded child of a guarded layout started the login: Back led to the login page again.
  it('a guarded layout and its guarded child start no login while signed out', async () => {
    const guard = await guardInPageLoadedBy('back_forward');
    window.history.replaceState(null, '', '/account/keys'); // the page's own load
    const auth = createTestFiefAuth();
    const router = createMemoryRouter(
      [
        {
          path: '/account',
          loader: guard(auth),
          element: <Layout />,
          errorElement: <ErrorCode />,
          children: [{ path: 'keys', loader: guard(auth), element: <Account /> }],
        },
      ],
      { initialEntries: ['/account/keys'] },
    );
    render(<RouterProvider router={router} />);
    expect((await screen.findByRole('alert')).textContent).toBe('ERR_FIEF_NOT_AUTHENTICATED');
    expect(auth.calls).toEqual([]);
  });

  // Was a defect (h72): the guard's first run in the page was taken for the page's load even when the page was
  // loaded on a public route: the visitor who came back with Back and clicked a link to a guarded page got the error
  // instead of the login page.
  it('a link from a public page to a guarded one starts the login', async () => {
    const guard = await guardInPageLoadedBy('back_forward');
    const auth = createTestFiefAuth();
    const router = createMemoryRouter(
      [
        { path: '/', element: <p>home</p> },
        { path: '/account', loader: guard(auth), element: <Account />, errorElement: <ErrorCode /> },
      ],
      { initialEntries: ['/'] },
    );
    render(<RouterProvider router={router} />);
    await screen.findByText('home');
    void router.navigate('/account'); // stays pending: the page is leaving for Fief
    await vi.waitFor(() => expect(auth.calls.map((call) => call.method)).toEqual(['redirectToLogin']));
  });

  // Was a defect (h72): the same when the page was loaded on a guarded route while signed in: the guard's first run
  // let the user through without looking, and its first run while signed out (a later link) was taken for the
  // page's load.
  it('a link to a guarded page after the session ended starts the login', async () => {
    const guard = await guardInPageLoadedBy('back_forward');
    const auth = createTestFiefAuth({
      userinfo: { sub: 'u1', email: 'anne@example.com', tenant_id: 't1', fields: {} },
    });
    window.history.replaceState(null, '', '/account');
    const loader = guard(auth, { loader: (_args, state) => state.userinfo?.email ?? '' });
    const router = createMemoryRouter(
      [
        { path: '/account', loader, element: <Account />, errorElement: <ErrorCode /> },
        { path: '/orders', loader, element: <Account />, errorElement: <ErrorCode /> },
      ],
      { initialEntries: ['/account'] },
    );
    render(<RouterProvider router={router} />);
    await screen.findByText('account of anne@example.com');
    act(() => auth.signOut());
    void router.navigate('/orders');
    await vi.waitFor(() => expect(auth.calls.map((call) => call.method)).toContain('redirectToLogin'));
  });
});
