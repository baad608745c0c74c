import { act, render, screen } from '@testing-library/react';
import { createBrowserRouter, type RouteObject, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { FiefAuthCallback, FiefAuthProvider, RequireAuth, requireAuthLoader } from '../index.js';
import {
  APP_CALLBACK_URI,
  clientSettings,
  DEMO_USER,
  navigation,
  setUpDevServer,
  signInAt,
} from './devServer.js';
import { Where } from './Where.js';

// An app served under a router `basename` (`/app`): the page's path is `/app/...`, react-router's is `/...`.
const flow = setUpDevServer();

/** A page load of the app: a provider of its own, and a browser router under `/app` on `window.location`. */
function loadApp(protectedRoute: Pick<RouteObject, 'element' | 'loader' | 'hydrateFallbackElement'>) {
  const { navigations, props } = clientSettings(flow.server);
  const router = createBrowserRouter(
    [
      { path: '/callback', element: <FiefAuthCallback /> },
      { path: '/orders/:id', ...protectedRoute },
      { path: '*', element: <Where /> },
    ],
    { basename: '/app' },
  );
  const view = render(
    <FiefAuthProvider {...props} redirectURI={APP_CALLBACK_URI}>
      <RouterProvider router={router} />
    </FiefAuthProvider>,
  );
  return { navigations, view };
}

describe('<FiefAuthCallback> under a router basename', () => {
  // Was a defect (h72): the returnTo recorded by <RequireAuth> is the page's path (`/app/orders/42`); the callback
  // handed it to react-router's navigate, which adds the basename again: the user landed on `/app/app/orders/42`.
  it('brings the user back from <RequireAuth> to the page they were on, not under the basename twice', async () => {
    window.history.replaceState(null, '', '/app/orders/42?tab=items');
    const guarded = (
      <RequireAuth fallback={<p>checking</p>}>
        <Where />
      </RequireAuth>
    );
    const before = loadApp({ element: guarded });
    const authorizationURL = await navigation(before.navigations);
    before.view.unmount(); // the page leaves for Fief, which sends the user back to /app/callback

    await signInAt(authorizationURL);
    loadApp({ element: guarded });
    await screen.findByText(`at /orders/42?tab=items as ${DEMO_USER.email}`);
    expect(window.location.pathname + window.location.search).toBe('/app/orders/42?tab=items');
  });

  // Same defect, from a data router's guard: the loader's request URL carries the basename too.
  it('brings the user back from requireAuthLoader to the page they asked for', async () => {
    const { auth, navigations } = flow.createEngine();
    window.history.replaceState(null, '', '/app/orders/7');
    const loader = requireAuthLoader(auth, { redirectURI: APP_CALLBACK_URI });
    const before = loadApp({ loader, element: <Where />, hydrateFallbackElement: <p>checking</p> });
    const authorizationURL = await navigation(navigations);
    await act(async () => before.view.unmount());

    await signInAt(authorizationURL);
    loadApp({ element: <Where /> });
    await screen.findByText(`at /orders/7 as ${DEMO_USER.email}`);
    expect(window.location.pathname).toBe('/app/orders/7');
  });

  // Was a defect (h72), brought by the basename fix above: a crafted link to `/app//evil.example/x` (the app's own page,
  // which <RequireAuth> records as it is) became `//evil.example/x` once the basename was taken off, and react-router
  // refused that navigation with an error: the user, signed in, was left on a crashed callback page.
  it('a returnTo with a double slash after the basename stays a page of the app', async () => {
    const { auth, navigations } = flow.createEngine();
    await auth.redirectToLogin(APP_CALLBACK_URI, { returnTo: '/app//evil.example/x' });
    await signInAt(await navigation(navigations));
    loadApp({ element: <Where /> });
    await screen.findByText(`at /evil.example/x as ${DEMO_USER.email}`);
    expect(window.location.href).toBe('http://127.0.0.1:5173/app/evil.example/x');
  });
});
