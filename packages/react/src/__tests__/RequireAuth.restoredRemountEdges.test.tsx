/**
 * The rule of `signedInPage.ts` (a guard mounted again by a restore after a sign-out says the session ended) against
 * its neighbours: a second engine in the page, a guard waiting for its own login when the page is restored, a session
 * that fails later, the callback page, and the listener it costs (one per engine for the page's life).
 */
import { FiefError } from '@fief-spa/core/engine';
import { createTestFiefAuth, type TestFiefAuth } from '@fief-spa/core/testing';
import { act, cleanup, render, screen } from '@testing-library/react';
import { type ReactNode, StrictMode, useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FiefAuthProvider, RequireAuth } from '../index.js';
import { pageShow, pageShowListeners } from './pageShow.js';

beforeEach(() => window.history.replaceState(null, '', '/account'));
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const user = { sub: 'u1', email: 'ada@example.com', tenant_id: 't1', fields: {} };
const logins = (auth: TestFiefAuth) => auth.calls.filter((call) => call.method === 'redirectToLogin').length;

/** Shows `children` unless hidden ("Signing out…"); `toggle.set` flips it, as a router would. */
function Swap({ toggle, children }: { toggle: { set: (hidden: boolean) => void }; children: ReactNode }) {
  const [hidden, setHidden] = useState(false);
  toggle.set = setHidden;
  return hidden ? <p>Signing out…</p> : children;
}

function guarded(auth: TestFiefAuth, name: string): ReactNode {
  return (
    <FiefAuthProvider auth={auth}>
      <RequireAuth fallback={<p>{`${name} checking`}</p>}>
        <p>{name}</p>
      </RequireAuth>
    </FiefAuthProvider>
  );
}

/** Renders `children` in a {@link Swap}; returns what hides and shows them again. */
function renderSwap(children: ReactNode): (hidden: boolean) => void {
  const toggle = { set: (_hidden: boolean) => {} };
  render(<Swap toggle={toggle}>{children}</Swap>);
  return (hidden) => act(() => toggle.set(hidden));
}

describe('a page restored from the back-forward cache, and its guards', () => {
  it('two engines: only the one whose user was shown, then signed out, skips the login', async () => {
    const shown = createTestFiefAuth({ userinfo: user });
    const other = createTestFiefAuth();
    const toggle = { set: (_hidden: boolean) => {} };
    const { rerender } = render(<Swap toggle={toggle}>{guarded(shown, 'A')}</Swap>);
    expect(screen.getByText('A')).toBeTruthy();
    act(() => toggle.set(true));
    act(() => shown.signOut());
    await act(async () => pageShow(true));
    rerender(
      <Swap toggle={toggle}>
        {guarded(shown, 'A')}
        {guarded(other, 'B')}
      </Swap>,
    );
    act(() => toggle.set(false));
    expect(screen.getByText('A checking')).toBeTruthy();
    expect(logins(shown)).toBe(0);
    expect(logins(other)).toBe(1);
  });

  it('a guard waiting for its own login when the page is restored fails with ERR_FIEF_NOT_AUTHENTICATED', async () => {
    const auth = createTestFiefAuth({ userinfo: user });
    const setHidden = renderSwap(guarded(auth, 'account'));
    expect(screen.getByText('account')).toBeTruthy();
    setHidden(true);
    act(() => auth.signOut()); // in another tab, while this page showed something else
    setHidden(false); // a link to the guarded page: a new visit, it logs in
    expect(logins(auth)).toBe(1);
    await act(async () => pageShow(true)); // Back from Fief's login page
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('expected a signed-in session, found none');
    act(() => screen.getByRole('button', { name: 'Try again' }).click());
    expect(logins(auth)).toBe(2);
  });

  it.each(['/orders', '/account'])(
    'restored with a live session that then fails: a guard mounted later on %s logs in, and loginError/retry work',
    async (path) => {
      const auth = createTestFiefAuth({ userinfo: user });
      const setHidden = renderSwap(guarded(auth, 'account'));
      await act(async () => pageShow(true)); // Back to a page still signed in
      expect(screen.getByText('account')).toBeTruthy();
      const failed = new FiefError('expected the refresh to succeed', 'ERR_FIEF');
      act(() => auth.setState({ status: 'error', userinfo: null, tokenInfo: null, error: failed }));
      expect(screen.getByText('account checking')).toBeTruthy(); // ended while shown: signedOut
      expect(logins(auth)).toBe(0);
      vi.spyOn(auth, 'redirectToLogin').mockRejectedValueOnce(
        new FiefError('Fief is unreachable', 'ERR_FIEF'),
      );
      setHidden(true);
      window.history.pushState(null, '', path);
      setHidden(false);
      expect((await screen.findByRole('alert')).textContent).toContain('Fief is unreachable');
      act(() => screen.getByRole('button', { name: 'Try again' }).click());
      expect(auth.redirectToLogin).toHaveBeenCalledTimes(2);
      expect(screen.getByText('account checking')).toBeTruthy();
    },
  );

  it('the whole app guarded, restored on the callback page: signedOut, neither the used code again nor a login', async () => {
    window.history.replaceState(null, '', '/callback?code=used&state=s1');
    const auth = createTestFiefAuth({ userinfo: user });
    const setHidden = renderSwap(guarded(auth, 'app'));
    expect(screen.getByText('app')).toBeTruthy();
    setHidden(true);
    act(() => auth.signOut());
    await act(async () => pageShow(true));
    setHidden(false);
    expect(screen.getByText('app checking')).toBeTruthy();
    expect(auth.calls.map((call) => call.method)).toEqual([]);
  });
});

describe('the listener that remembers the restore', () => {
  it('is one per engine for the page, not one per guard or render, in StrictMode too', async () => {
    const held = pageShowListeners();
    const first = createTestFiefAuth({ userinfo: user });
    const second = createTestFiefAuth({ userinfo: user });
    for (let run = 0; run < 5; run++) {
      const page = (
        <StrictMode>
          {guarded(first, 'a1')}
          {guarded(first, 'a2')}
          {guarded(second, 'b1')}
        </StrictMode>
      );
      const { rerender, unmount } = render(page);
      rerender(page);
      act(() => first.signIn(user));
      await act(async () => {});
      unmount();
    }
    expect(held()).toBe(2);
  });
});
