/**
 * `<RequireAuth>` on the callback page, restored from the back-forward cache while it finishes the login: the
 * callback does not wait for the page to leave (it settles by itself), so the restore is no news for it. Its "Try
 * again" shown then would start a second login that leaves for Fief while the first one is being finished.
 */
import type { FiefAuthCallbackResult } from '@fief-spa/core';
import { createTestFiefAuth } from '@fief-spa/core/testing';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import { FiefAuthProvider, RequireAuth } from '../index.js';
import { pageShow } from './pageShow.js';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

it('keeps showing the fallback until the callback settles, then the children', async () => {
  const auth = createTestFiefAuth();
  let finish: (() => void) | undefined;
  auth.authCallback = vi.fn(
    () =>
      new Promise<FiefAuthCallbackResult>((resolve) => {
        finish = () => {
          auth.signIn({ sub: 'u1', email: 'anne@example.com' } as never);
          resolve({ userinfo: auth.getUserinfo(), tokens: auth.getTokenInfo(), returnTo: '/' } as never);
        };
      }),
  );
  window.history.replaceState(null, '', '/callback?code=c0de&state=s7a7e');
  render(
    <FiefAuthProvider auth={auth}>
      <RequireAuth fallback={<p>checking</p>} loginError={(error) => <p role="alert">{error.code}</p>}>
        <p>account</p>
      </RequireAuth>
    </FiefAuthProvider>,
  );
  await vi.waitFor(() => expect(auth.authCallback).toHaveBeenCalledTimes(1));

  await act(async () => pageShow());

  expect(screen.queryByRole('alert')).toBeNull();
  expect(screen.getByText('checking')).toBeTruthy();
  await act(async () => finish?.());
  expect(screen.getByText('account')).toBeTruthy();
  expect(auth.calls.map((call) => call.method)).toEqual([]);
});
