import { createTestFiefAuth } from '@fief-spa/react/testing';
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { anne, renderRoute } from '../../__tests__/renderRoute';
import { callbackURI } from '../../config';
import { HomeRoute } from '../home';

afterEach(cleanup);

const hero = () => within(screen.getByRole('main'));

describe('the home page', () => {
  it('welcomes a signed-in user by first name and links to the profile', () => {
    renderRoute(createTestFiefAuth({ userinfo: anne }), <HomeRoute />);
    expect(hero().getByTestId('welcome').textContent).toBe('Welcome back, Anne.');
    expect(hero().getByRole('link', { name: 'Go to your profile' }).getAttribute('href')).toBe('/profile');
  });

  it('offers a visitor to create an account: the login opens on the registration screen', async () => {
    const auth = createTestFiefAuth();
    renderRoute(auth, <HomeRoute />);
    await act(async () => hero().getByRole('button', { name: 'Create an account' }).click());
    expect(auth.calls).toEqual([
      { method: 'redirectToLogin', args: [callbackURI, { returnTo: '/profile', screen: 'register' }] },
    ]);
  });
});
