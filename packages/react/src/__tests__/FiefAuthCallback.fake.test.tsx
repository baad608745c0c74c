import type { FiefAuthCallbackResult } from '@fief-spa/core';
import { act, cleanup, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FiefAuthCallback, FiefAuthProvider } from '../index.js';
import { fakeAuth } from './fakeAuth.js';

afterEach(cleanup);

type OnSuccess = (result: FiefAuthCallbackResult) => void;

/** A login result of its own (`onSuccess` runs once per result in a page), going back to `returnTo`. */
function loginResult(returnTo: string): FiefAuthCallbackResult {
  return { returnTo, tokens: {}, userinfo: { sub: 'u1' } } as unknown as FiefAuthCallbackResult;
}

/** The callback route with an engine whose `authCallback` answers when the test says so. */
function callbackApp() {
  const fake = fakeAuth();
  let finish: (result: FiefAuthCallbackResult) => void = () => {};
  const answer = new Promise<FiefAuthCallbackResult>((resolve) => {
    finish = resolve;
  });
  fake.auth.authCallback = () => answer;
  const app = (onSuccess: OnSuccess): ReactNode => (
    <FiefAuthProvider auth={fake.auth}>
      <MemoryRouter initialEntries={['/callback?code=c&state=s']}>
        <Routes>
          <Route path="/callback" element={<FiefAuthCallback onSuccess={onSuccess} />} />
          <Route path="*" element={<Path />} />
        </Routes>
        <Path />
      </MemoryRouter>
    </FiefAuthProvider>
  );
  return { app, finish: (result: FiefAuthCallbackResult) => act(async () => finish(result)) };
}

/** The locations the router went through (a `replace` to the same path is a new key). */
const locations = new Set<string>();
function Path() {
  const { pathname, key } = useLocation();
  locations.add(`${pathname} ${key}`);
  return <p data-testid="path">{pathname}</p>;
}

describe('<FiefAuthCallback onSuccess>', () => {
  it('calls the onSuccess of the latest render, once, when the login finishes after a re-render', async () => {
    const { app, finish } = callbackApp();
    const first = vi.fn<OnSuccess>();
    const second = vi.fn<OnSuccess>();
    const { rerender } = render(app(first));
    rerender(app(second));

    const result = loginResult('/orders');
    await finish(result);

    expect(screen.getAllByTestId('path')[0]?.textContent).toBe('/orders');
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledExactlyOnceWith(result);
  });

  it('handles a result once while it stays mounted: a new location or a new onSuccess calls nothing again', async () => {
    const { app, finish } = callbackApp();
    const first = vi.fn<OnSuccess>();
    const { rerender } = render(app(first));
    locations.clear();

    // A login that went back to the callback route itself: the component stays, `navigate` changes with the location.
    await finish(loginResult('/callback'));
    expect(screen.getByTestId('path').textContent).toBe('/callback');
    const second = vi.fn<OnSuccess>();
    rerender(app(second));
    await act(async () => {});

    expect(first).toHaveBeenCalledOnce();
    expect(second).not.toHaveBeenCalled();
    // One navigation (one new location key), not one per effect run.
    expect(locations.size).toBe(1);
  });
});

describe('<FiefAuthCallback> without errorElement', () => {
  it("shows the error's message in a role=alert paragraph", async () => {
    const fake = fakeAuth();
    fake.authCallback.mockRejectedValue(new Error('expected a state, found none'));
    render(
      <FiefAuthProvider auth={fake.auth}>
        <MemoryRouter initialEntries={['/callback']}>
          <FiefAuthCallback loadingElement={<p>signing in</p>} />
        </MemoryRouter>
      </FiefAuthProvider>,
    );
    expect(screen.getByText('signing in')).toBeTruthy();

    const alert = await screen.findByRole('alert');
    expect(alert.outerHTML).toBe('<p role="alert">expected a state, found none</p>');
  });
});
