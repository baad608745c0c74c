import { act, render, screen } from '@testing-library/react';
import { describe, expect, test, vi } from 'vitest';
import { FiefAuthProvider, useFiefIsAuthenticated, useFiefTokenInfo, useFiefUserinfo } from '../index.js';
import { logIn, setUpDevServer } from './devServer.js';

// Short-lived access tokens: the engine refreshes them in the background every second or so.
const flow = setUpDevServer({ accessTokenTTL: 2 });

const renders = { isAuthenticated: 0, userinfo: 0, tokenInfo: 0 };
function ReadsIsAuthenticated() {
  renders.isAuthenticated++;
  return <p>{useFiefIsAuthenticated() ? 'signed in' : 'signed out'}</p>;
}
function ReadsUserinfo() {
  renders.userinfo++;
  const userinfo = useFiefUserinfo<{ first_name: string }>();
  return <p>first name {userinfo?.fields.first_name}</p>;
}
function ReadsTokenInfo() {
  renders.tokenInfo++;
  return <p data-testid="token">{useFiefTokenInfo()?.access_token}</p>;
}

describe('re-renders with the real engine', () => {
  test('a token refresh does not re-render a component that reads only isAuthenticated', async () => {
    const { auth, navigations } = flow.createEngine();
    auth.start();
    await logIn(auth, navigations);
    render(
      <FiefAuthProvider auth={auth}>
        <ReadsIsAuthenticated />
        <ReadsTokenInfo />
      </FiefAuthProvider>,
    );
    Object.assign(renders, { isAuthenticated: 0, tokenInfo: 0 });
    const firstToken = screen.getByTestId('token').textContent;

    await vi.waitFor(() => expect(screen.getByTestId('token').textContent).not.toBe(firstToken), {
      timeout: 5000,
    });
    expect(renders.tokenInfo).toBe(1);
    expect(renders.isAuthenticated).toBe(0);
  });

  test('a component that reads userinfo re-renders once per userinfo change', async () => {
    const { auth, navigations } = flow.createEngine();
    auth.start();
    await logIn(auth, navigations);
    // Every new userinfo object the engine publishes (a refresh that brings the same user claims publishes none).
    let userinfoChanges = 0;
    let lastUserinfo = auth.getSnapshot().userinfo;
    const unsubscribe = auth.subscribe(() => {
      const { userinfo } = auth.getSnapshot();
      if (userinfo !== lastUserinfo) userinfoChanges++;
      lastUserinfo = userinfo;
    });
    render(
      <FiefAuthProvider auth={auth}>
        <ReadsIsAuthenticated />
        <ReadsUserinfo />
      </FiefAuthProvider>,
    );
    Object.assign(renders, { isAuthenticated: 0, userinfo: 0 });

    await act(() => auth.updateProfile({ fields: { first_name: 'Mary' } }));
    expect(screen.getByText('first name Mary')).toBeTruthy();
    // And a refresh, whose ID token carries the same user claims: no new userinfo, no render.
    const tokenAfterUpdate = auth.getSnapshot().tokenInfo?.access_token;
    await vi.waitFor(() => expect(auth.getSnapshot().tokenInfo?.access_token).not.toBe(tokenAfterUpdate), {
      timeout: 5000,
    });
    expect(userinfoChanges).toBe(1);
    expect(renders.userinfo).toBe(userinfoChanges);
    expect(renders.isAuthenticated).toBe(0);
    unsubscribe();
  });
});
