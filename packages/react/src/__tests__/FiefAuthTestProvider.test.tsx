import { act, cleanup, render, screen } from '@testing-library/react';
import { useEffect, useState } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import {
  RequireAuth,
  useFiefAuth,
  useFiefAuthCallback,
  useFiefIsAuthenticated,
  useFiefSession,
  useFiefTokenInfo,
  useFiefUserinfo,
} from '../index.js';
import { createTestFiefAuth, FiefAuthTestProvider } from '../testing/index.js';

afterEach(cleanup);

const anne = { sub: 'u1', email: 'anne@example.com', tenant_id: 't1', fields: { first_name: 'Anne' } };

function Profile() {
  const userinfo = useFiefUserinfo<{ first_name: string }>();
  const tokenInfo = useFiefTokenInfo();
  const signedIn = useFiefIsAuthenticated();
  const { status } = useFiefSession();
  const auth = useFiefAuth();
  return (
    <div>
      <p>
        {status} {String(signedIn)} {userinfo?.fields.first_name} {tokenInfo?.permissions.join(',')}
      </p>
      <button type="button" onClick={() => auth.logout('http://localhost/')}>
        Sign out
      </button>
    </div>
  );
}

describe('FiefAuthTestProvider', () => {
  test('with userinfo (and tokenInfo), the hooks read a signed-in user; actions are recorded', async () => {
    const auth = createTestFiefAuth({ userinfo: anne, tokenInfo: { permissions: ['castles:read'] } });
    render(
      <FiefAuthTestProvider auth={auth}>
        <Profile />
      </FiefAuthTestProvider>,
    );
    expect(screen.getByText('authenticated true Anne castles:read')).toBeTruthy();
    await act(async () => screen.getByRole('button', { name: 'Sign out' }).click());
    expect(auth.calls).toEqual([{ method: 'logout', args: ['http://localhost/'] }]);
    expect(screen.getByText(/anonymous false/)).toBeTruthy();
  });

  test('from state props alone: RequireAuth shows children for a user, the fallback while loading', () => {
    render(
      <>
        <FiefAuthTestProvider userinfo={anne}>
          <RequireAuth fallback={<p>wait one</p>}>
            <p>secret one</p>
          </RequireAuth>
        </FiefAuthTestProvider>
        <FiefAuthTestProvider status="loading">
          <RequireAuth fallback={<p>wait two</p>}>
            <p>secret two</p>
          </RequireAuth>
        </FiefAuthTestProvider>
      </>,
    );
    expect(screen.getByText('secret one')).toBeTruthy();
    expect(screen.getByText('wait two')).toBeTruthy();
  });

  test('signed out, RequireAuth asks for a login (recorded, no navigation); signIn shows the children', async () => {
    window.history.replaceState(null, '', '/orders?page=2');
    const auth = createTestFiefAuth();
    render(
      <FiefAuthTestProvider auth={auth}>
        <RequireAuth fallback={<p>wait</p>}>
          <p>orders</p>
        </RequireAuth>
      </FiefAuthTestProvider>,
    );
    expect(auth.calls).toEqual([
      { method: 'redirectToLogin', args: ['http://127.0.0.1:5173/callback', { returnTo: '/orders?page=2' }] },
    ]);
    act(() => auth.signIn(anne));
    expect(screen.getByText('orders')).toBeTruthy();
    window.history.replaceState(null, '', '/');
  });
});

function ApiToken() {
  const auth = useFiefAuth();
  const [token, setToken] = useState('asking');
  useEffect(() => {
    auth.getAccessToken().then((accessToken) => setToken(accessToken ?? 'no token'));
  }, [auth]);
  return <p>token: {token}</p>;
}

describe('the test engine, as the real one', () => {
  test('getAccessToken while the session loads waits for it, then gives the signed-in token', async () => {
    const auth = createTestFiefAuth({ status: 'loading' });
    render(
      <FiefAuthTestProvider auth={auth}>
        <ApiToken />
      </FiefAuthTestProvider>,
    );
    await act(async () => auth.signIn(anne));
    expect(screen.getByText('token: test-access-token')).toBeTruthy();
  });

  test('a new auth given on a re-render is the one the hooks read, as under FiefAuthProvider', () => {
    const { rerender } = render(
      <FiefAuthTestProvider auth={createTestFiefAuth()}>
        <Profile />
      </FiefAuthTestProvider>,
    );
    rerender(
      <FiefAuthTestProvider auth={createTestFiefAuth({ userinfo: anne })}>
        <Profile />
      </FiefAuthTestProvider>,
    );
    expect(screen.getByText(/authenticated true Anne/)).toBeTruthy();
  });

  test('a callback that fails with no session leaves the session in error, with the error, as the real one', async () => {
    const auth = createTestFiefAuth();
    render(
      <FiefAuthTestProvider auth={auth}>
        <CallbackPage />
      </FiefAuthTestProvider>,
    );
    expect(await screen.findByText('callback error, session error ERR_FIEF_NOT_AUTHENTICATED')).toBeTruthy();
  });
});

function CallbackPage() {
  const callback = useFiefAuthCallback();
  const session = useFiefSession();
  return (
    <p>
      callback {callback.status}, session {session.status} {session.error?.code}
    </p>
  );
}
