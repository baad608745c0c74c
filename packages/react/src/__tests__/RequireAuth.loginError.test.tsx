import { Fief, FiefAuth, FiefError, MemoryStorage } from '@fief-spa/core';
import { act, cleanup, render, screen } from '@testing-library/react';
import { Component, type ReactNode, StrictMode } from 'react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { FiefAuthProvider, RequireAuth, useFiefSession } from '../index.js';

afterEach(cleanup);

/** A real engine whose identity server is down (nothing listens on port 9). */
function unreachableEngine(): FiefAuth {
  return new FiefAuth(new Fief({ baseURL: 'http://127.0.0.1:9', clientId: 'spa' }), {
    storage: new MemoryStorage(),
    navigate: () => {
      throw new Error('expected no navigation');
    },
    tabSync: { channel: () => null, locks: null, shared: null },
  });
}

class ErrorBoundary extends Component<{ children: ReactNode }, { crashed: boolean }> {
  override state = { crashed: false };
  static getDerivedStateFromError() {
    return { crashed: true };
  }
  override render() {
    return this.state.crashed ? <p>This page crashed</p> : this.props.children;
  }
}

let seenErrors: (FiefError | null)[] = [];
function SessionError() {
  const { error } = useFiefSession();
  seenErrors.push(error);
  return null;
}

describe('<RequireAuth> when the identity server is down', () => {
  test('renders an accessible error with a retry, never the error boundary; useFiefSession().error is typed', async () => {
    seenErrors = [];
    const auth = unreachableEngine();
    render(
      <StrictMode>
        <ErrorBoundary>
          <FiefAuthProvider auth={auth}>
            <SessionError />
            <RequireAuth fallback={<p>checking session</p>}>secret</RequireAuth>
          </FiefAuthProvider>
        </ErrorBoundary>
      </StrictMode>,
    );
    const alert = await screen.findByRole('alert', {}, { timeout: 5_000 });
    expect(alert.textContent).toContain('Sign-in could not start');
    expect(screen.queryByText('This page crashed')).toBeNull();
    expect(screen.queryByText('secret')).toBeNull();
    const error = seenErrors.at(-1);
    expect(error).toBeInstanceOf(FiefError);
    expect(error?.code).toBe('ERR_FIEF_NETWORK');
    expect(auth.getSnapshot().status).toBe('anonymous');

    // Retry: a new attempt, which fails the same way and shows the alert again.
    act(() => screen.getByRole('button', { name: 'Try again' }).click());
    expect(await screen.findByRole('alert', {}, { timeout: 5_000 })).toBeTruthy();
    auth.dispose();
  });

  test('renders the loginError render prop with the typed error and a retry', async () => {
    const auth = unreachableEngine();
    const loginError = vi.fn((error: FiefError, retry: () => void) => (
      <button type="button" onClick={retry}>
        {error.code}: retry
      </button>
    ));
    render(
      <FiefAuthProvider auth={auth}>
        <RequireAuth loginError={loginError}>secret</RequireAuth>
      </FiefAuthProvider>,
    );
    const retry = await screen.findByRole('button', { name: 'ERR_FIEF_NETWORK: retry' }, { timeout: 5_000 });
    const calls = loginError.mock.calls.length;
    act(() => retry.click());
    await vi.waitFor(() => expect(loginError.mock.calls.length).toBeGreaterThan(calls), { timeout: 5_000 });
    auth.dispose();
  });
});
