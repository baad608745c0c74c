// The "Component tests" example of this app's README, kept line for line.

import { useFiefAuth, useFiefUserinfo } from '@fief-spa/react';
import { createTestFiefAuth, FiefAuthTestProvider } from '@fief-spa/react/testing';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';

afterEach(cleanup);

function Session() {
  const auth = useFiefAuth();
  const userinfo = useFiefUserinfo();
  if (userinfo) return <span>{userinfo.email}</span>;
  return (
    <button type="button" onClick={() => auth.redirectToLogin('http://127.0.0.1:5173/callback')}>
      Sign in
    </button>
  );
}

it('offers Sign in to a visitor, which starts a login, and then shows who signed in', async () => {
  const auth = createTestFiefAuth();
  render(
    <FiefAuthTestProvider auth={auth}>
      <Session />
    </FiefAuthTestProvider>,
  );
  await act(async () => screen.getByRole('button', { name: 'Sign in' }).click());
  expect(auth.calls).toEqual([{ method: 'redirectToLogin', args: ['http://127.0.0.1:5173/callback', {}] }]);
  await act(async () => auth.signIn({ sub: 'u1', email: 'anne@example.com', tenant_id: 't1', fields: {} }));
  expect(screen.getByText('anne@example.com')).toBeTruthy();
});
