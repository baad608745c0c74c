/**
 * A sign-out while Fief is down (issue 16, item 2), through the React layer: every hook shows the user signed out at
 * once, a protected page that was showing renders its `signedOut` view without starting a login, nothing navigates,
 * and the caller of `logout` gets the typed error to tell the user that Fief was not told.
 */

import { FiefError } from '@fief-spa/core';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, test } from 'vitest';
import { FiefAuthProvider, RequireAuth, useFiefIsAuthenticated, useFiefSession } from '../index.js';
import { createEngine, logIn, startServer } from './devServer.js';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

function SessionSummary() {
  const isAuthenticated = useFiefIsAuthenticated();
  const { status, error } = useFiefSession();
  return (
    <p data-testid="summary">{`${isAuthenticated ? 'signed in' : 'signed out'}, ${status}, ${error?.code ?? 'no error'}`}</p>
  );
}

test('a logout that cannot reach Fief signs the app out, starts no login, and rejects with ERR_FIEF_UNREACHABLE', async () => {
  const server = await startServer();
  const { auth, navigations } = createEngine(server);
  try {
    render(
      <FiefAuthProvider auth={auth}>
        <SessionSummary />
        <RequireAuth fallback={<p>loading</p>} signedOut={<p>You are signed out</p>}>
          <p>secret</p>
        </RequireAuth>
      </FiefAuthProvider>,
    );
    await act(() => logIn(auth, navigations));
    await screen.findByText('secret');
    const navigated = navigations.length;
    await server.close();

    const error = await act(() =>
      auth.logout('http://127.0.0.1:5173/').then(
        () => null,
        (caught: unknown) => caught,
      ),
    );

    expect(error).toBeInstanceOf(FiefError);
    expect(error).toMatchObject({ code: 'ERR_FIEF_UNREACHABLE' });
    // The snapshot says signed out, and carries no error: only the caller of `logout` has it.
    expect(screen.getByTestId('summary').textContent).toBe('signed out, anonymous, no error');
    expect(screen.getByText('You are signed out')).toBeTruthy();
    expect(screen.queryByText('secret')).toBeNull();
    expect(navigations).toHaveLength(navigated);
  } finally {
    auth.dispose();
  }
});
