import { createTestFiefAuth } from '@fief-spa/react/testing';
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { anne, renderRoute } from '../../__tests__/renderRoute';
import { callbackURI } from '../../config';
import { ProfileRoute } from '../profile';
import { ProfileOverviewRoute } from '../profileOverview';
import { ProfileSecurityRoute } from '../profileSecurity';

afterEach(cleanup);

const page = () => within(screen.getByRole('main'));

describe('the profile page', () => {
  it("is headed with the signed-in user's name", () => {
    renderRoute(createTestFiefAuth({ userinfo: anne }), <ProfileRoute />, '/profile');
    expect(page().getByRole('heading', { level: 1 }).textContent).toBe('Anne Bonny');
  });

  it("shows the user's email and what the access token grants", () => {
    const auth = createTestFiefAuth({
      userinfo: anne,
      tokenInfo: { acr: '1', permissions: ['castles:read'] },
    });
    renderRoute(auth, <ProfileOverviewRoute />, '/profile');
    expect(screen.getByTestId('profile-email').textContent).toContain('anne@example.com');
    expect(screen.getByTestId('acr').textContent).toContain('password entered at sign-in');
    expect(screen.getByTestId('permissions').textContent).toBe('castles:read');
  });

  it('shows a restoring placeholder, never the page, while the session loads', () => {
    renderRoute(createTestFiefAuth({ status: 'loading' }), <ProfileRoute />, '/profile');
    expect(page().getByRole('status').textContent).toContain('Restoring your session…');
    expect(page().queryByRole('heading')).toBeNull();
  });

  it('says the session ended when the user signs out while on it, and signs in again to the same URL', async () => {
    const auth = createTestFiefAuth({ userinfo: anne });
    renderRoute(auth, <ProfileRoute />, '/profile');
    await act(async () => auth.signOut());
    expect(page().getByRole('heading', { name: 'You are signed out' })).toBeTruthy();
    await act(async () => page().getByRole('button', { name: 'Sign in again' }).click());
    // The memory router leaves the page's address alone: the happy-dom page is at `/`.
    expect(auth.calls).toEqual([{ method: 'redirectToLogin', args: [callbackURI, { returnTo: '/' }] }]);
  });

  it('saves the custom fields through updateProfile', async () => {
    const auth = createTestFiefAuth({ userinfo: anne });
    renderRoute(auth, <ProfileOverviewRoute />, '/profile');
    await act(async () => screen.getByRole('button', { name: 'Save changes' }).click());
    expect(auth.calls).toEqual([
      { method: 'updateProfile', args: [{ fields: { first_name: 'Anne', last_name: 'Bonny' } }] },
    ]);
    expect(screen.getByText('Saved.')).toBeTruthy();
  });
});

describe('the security page', () => {
  it('asks a user whose session was resumed without a password (ACR 0) to confirm it is them', async () => {
    const auth = createTestFiefAuth({ userinfo: anne, tokenInfo: { acr: '0' } });
    renderRoute(auth, <ProfileSecurityRoute />, '/profile/security');
    expect(screen.queryByRole('heading', { name: 'Change password' })).toBeNull();
    await act(async () => screen.getByRole('button', { name: 'Confirm with my password' }).click());
    expect(auth.calls).toEqual([
      {
        method: 'redirectToLogin',
        args: [callbackURI, { acrValues: '1', returnTo: '/profile/security', loginHint: 'anne@example.com' }],
      },
    ]);
  });

  it('shows the password and email forms after a password sign-in (ACR 1)', () => {
    renderRoute(createTestFiefAuth({ userinfo: anne, tokenInfo: { acr: '1' } }), <ProfileSecurityRoute />);
    expect(screen.getByRole('heading', { name: 'Change password' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Change email' })).toBeTruthy();
  });
});
