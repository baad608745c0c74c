import type { TestFiefAuth } from '@fief-spa/core/testing';
import { FiefAuthTestProvider } from '@fief-spa/react/testing';
import { type RenderResult, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { RootLayout } from '../routes/root';

/** The demo user of the local dev server, as its userinfo endpoint describes her. */
export const anne = {
  sub: 'b3b6a5c2-0000-4000-8000-000000000001',
  email: 'anne@example.com',
  email_verified: true,
  tenant_id: 't1',
  fields: { first_name: 'Anne', last_name: 'Bonny' },
};

/**
 * Renders `element` at `path` inside the app's own frame (`RootLayout`: header, banners), under a test session
 * driven by `auth`: what a user sees on that page, with no identity server and no browser navigation. `router`
 * tells where the app went.
 */
export function renderRoute(
  auth: TestFiefAuth,
  element: ReactElement,
  path = '/',
): RenderResult & { router: ReturnType<typeof createMemoryRouter> } {
  const router = createMemoryRouter([{ element: <RootLayout />, children: [{ path: '*', element }] }], {
    initialEntries: [path],
  });
  const rendered = render(
    <FiefAuthTestProvider auth={auth}>
      <RouterProvider router={router} />
    </FiefAuthTestProvider>,
  );
  return { ...rendered, router };
}
