import { createTestFiefAuth } from '@fief-spa/react/testing';
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { anne, renderRoute } from '../../__tests__/renderRoute';
import { callbackURI, homeURI } from '../../config';

afterEach(cleanup);

const header = () => within(screen.getByTestId('session'));

describe('the header', () => {
  it("shows the signed-in user's email and a Sign out button", () => {
    renderRoute(createTestFiefAuth({ userinfo: anne }), <p>page</p>);
    expect(header().getByTestId('signed-in-as').textContent).toBe('anne@example.com');
    expect(header().getByRole('button', { name: 'Sign out' })).toBeTruthy();
    expect(header().queryByRole('button', { name: 'Sign in' })).toBeNull();
  });

  it('offers Sign in to a visitor, which starts a login that comes back to the profile', async () => {
    const auth = createTestFiefAuth();
    renderRoute(auth, <p>page</p>);
    expect(header().queryByTestId('signed-in-as')).toBeNull();
    await act(async () => header().getByRole('button', { name: 'Sign in' }).click());
    expect(auth.calls).toEqual([
      { method: 'redirectToLogin', args: [callbackURI, { returnTo: '/profile' }] },
    ]);
  });

  it('says the session is being checked while it loads, with no button to click yet', () => {
    renderRoute(createTestFiefAuth({ status: 'loading' }), <p>page</p>);
    expect(header().getByText('Checking session…')).toBeTruthy();
    expect(header().queryByRole('button')).toBeNull();
  });

  it('Sign out logs out to the home page and says "Signing out…" until the browser has left', async () => {
    const auth = createTestFiefAuth({ userinfo: anne });
    renderRoute(auth, <p>page</p>);
    await act(async () => header().getByRole('button', { name: 'Sign out' }).click());
    expect(auth.calls).toEqual([{ method: 'logout', args: [homeURI] }]);
    expect(header().getByText('Signing out…')).toBeTruthy();
    expect(header().queryByRole('button')).toBeNull();
    expect(within(screen.getByRole('main')).getByRole('status').textContent).toBe('Signing out…');
    expect(screen.queryByText('page')).toBeNull();
  });

  it('follows a sign-in made elsewhere (another tab) without a reload', async () => {
    const auth = createTestFiefAuth();
    renderRoute(auth, <p>page</p>);
    await act(async () => auth.signIn(anne));
    expect(header().getByTestId('signed-in-as').textContent).toBe('anne@example.com');
  });
});
