// The "Testing your app" example of the README, kept line for line (imports point at the sources).

import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { RequireAuth, useFiefAuth, useFiefUserinfo } from '../index.js';
import { createTestFiefAuth, FiefAuthTestProvider } from '../testing/index.js';

afterEach(cleanup);

function Greeting() {
  const userinfo = useFiefUserinfo();
  const auth = useFiefAuth();
  return (
    <button type="button" onClick={() => auth.logout('http://localhost/')}>
      Sign out {userinfo?.email}
    </button>
  );
}

it('greets the signed-in user and signs out', async () => {
  const auth = createTestFiefAuth({
    userinfo: { sub: 'u1', email: 'anne@example.com', tenant_id: 't1', fields: {} },
  });
  render(
    <FiefAuthTestProvider auth={auth}>
      <RequireAuth fallback={<p>Checking…</p>}>
        <Greeting />
      </RequireAuth>
    </FiefAuthTestProvider>,
  );
  await act(async () => screen.getByRole('button', { name: 'Sign out anne@example.com' }).click());
  expect(auth.calls).toEqual([{ method: 'logout', args: ['http://localhost/'] }]);
  expect(screen.getByText('Checking…')).toBeTruthy();
});

it('shows the fallback while the session loads', () => {
  render(
    <FiefAuthTestProvider status="loading">
      <RequireAuth fallback={<p>Checking…</p>}>secret</RequireAuth>
    </FiefAuthTestProvider>,
  );
  expect(screen.getByText('Checking…')).toBeTruthy();
});
