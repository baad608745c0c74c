import { FiefAuthCallbackError, FiefError } from '@fief-spa/core';
import { createTestFiefAuth } from '@fief-spa/react/testing';
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { anne, renderRoute } from '../../__tests__/renderRoute';
import { callbackURI, homeURI } from '../../config';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

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

  it('Sign out with the identity server down shows home, signed out, and says the server could not be told', async () => {
    const auth = createTestFiefAuth({ userinfo: anne });
    const unreachable = new FiefError(
      'expected Fief at http://127.0.0.1:8000 to answer, but it could not be reached',
      'ERR_FIEF_UNREACHABLE',
    );
    // What the engine does then: the session ends here and in every tab, and the promise rejects.
    const logout = vi.spyOn(auth, 'logout').mockImplementation(async () => {
      auth.signOut();
      throw unreachable;
    });
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { router } = renderRoute(auth, <p>page</p>, '/profile/security');

    await act(async () => header().getByRole('button', { name: 'Sign out' }).click());

    expect(logout).toHaveBeenCalledWith(homeURI);
    expect(router.state.location.pathname).toBe('/');
    expect(header().getByRole('button', { name: 'Sign in' })).toBeTruthy();
    const banner = screen.getByText(/^You are signed out of this app\./).closest('[role="alert"]');
    expect(banner?.textContent).toContain(
      'The identity server could not be reached, so your session there may',
    );
    expect(banner?.textContent).not.toMatch(/expected|ERR_FIEF/);
    // The developer's wording goes to the console.
    expect(consoleError).toHaveBeenCalledWith('Fief logout failed:', unreachable);

    // Try again: this time it leaves for the identity server.
    logout.mockResolvedValueOnce();
    await act(async () =>
      within(banner as HTMLElement)
        .getByRole('button', { name: 'Try again' })
        .click(),
    );
    expect(logout).toHaveBeenCalledTimes(2);
    expect(header().getByText('Signing out…')).toBeTruthy();
  });

  it('follows a sign-in made elsewhere (another tab) without a reload', async () => {
    const auth = createTestFiefAuth();
    renderRoute(auth, <p>page</p>);
    await act(async () => auth.signIn(anne));
    expect(header().getByTestId('signed-in-as').textContent).toBe('anne@example.com');
  });
});

describe('the console', () => {
  it('logs a session that ended, but not a failed callback as one (the callback page logs it)', () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const failed = new FiefAuthCallbackError(
      'unknown_state',
      'expected the state of a login started in this tab',
    );
    renderRoute(createTestFiefAuth({ error: failed }), <p>page</p>);
    expect(logged.mock.calls.filter(([context]) => context === 'The session ended:')).toEqual([]);
    cleanup();
    const ended = new FiefError('expected to refresh the session, but Fief refused', 'ERR_FIEF_REQUEST');
    renderRoute(createTestFiefAuth({ error: ended }), <p>page</p>);
    expect(logged).toHaveBeenCalledWith('The session ended:', ended);
  });
});
