/**
 * `<RequireAuth>` mounted again on a page back from the back-forward cache: an app that unmounts its guarded routes
 * while the page leaves for Fief's logout (a "Signing out…" screen) mounts them again once Back restores the page,
 * now without a session. The guard says the session ended, as one left mounted does; a login started by itself
 * would send Back to Fief again. Mounted again without a restore (a link followed later), it logs in as before.
 */
import { createTestFiefAuth, type TestFiefAuth } from '@fief-spa/core/testing';
import { act, cleanup, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { FiefAuthProvider, RequireAuth } from '../index.js';
import { pageShow } from './pageShow.js';

afterEach(() => cleanup());

/** Swaps the guarded page for "Signing out…" while the page leaves; `leave` is how the test flips it. */
function App({ leave }: { leave: { set: (leaving: boolean) => void } }) {
  const [leaving, setLeaving] = useState(false);
  leave.set = setLeaving;
  if (leaving) return <p>Signing out…</p>;
  return (
    <RequireAuth fallback={<p>checking</p>} signedOut={<p>signed out</p>}>
      <p>account</p>
    </RequireAuth>
  );
}

/** Renders the app; `setLeaving` swaps its guarded page out and in again. */
function renderApp(auth: TestFiefAuth): { setLeaving: (leaving: boolean) => void } {
  const leave = { set: (_leaving: boolean) => {} };
  render(
    <FiefAuthProvider auth={auth}>
      <App leave={leave} />
    </FiefAuthProvider>,
  );
  return { setLeaving: (leaving) => act(() => leave.set(leaving)) };
}

const user = { sub: 'u1', email: 'ada@example.com', tenant_id: 't1', fields: {} };

describe('<RequireAuth> mounted again without a session', () => {
  it('on a page restored after it showed the signed-in user: renders signedOut, starts no login', async () => {
    const auth = createTestFiefAuth({ userinfo: user });
    const app = renderApp(auth);
    expect(await screen.findByText('account')).toBeTruthy();

    app.setLeaving(true);
    act(() => auth.signOut());
    await act(async () => pageShow(true));
    app.setLeaving(false);

    expect(await screen.findByText('signed out')).toBeTruthy();
    expect(auth.calls.map((call) => call.method)).not.toContain('redirectToLogin');
  });

  it('without a restore (a later visit of the guarded page): logs in', async () => {
    const auth = createTestFiefAuth({ userinfo: user });
    const app = renderApp(auth);
    expect(await screen.findByText('account')).toBeTruthy();

    app.setLeaving(true);
    act(() => auth.signOut());
    await act(async () => pageShow(false));
    app.setLeaving(false);

    expect(screen.getByText('checking')).toBeTruthy();
    expect(auth.calls.map((call) => call.method)).toContain('redirectToLogin');
  });

  it('on a restored page that never showed the signed-in user: logs in', async () => {
    const auth = createTestFiefAuth();
    await act(async () => pageShow(true));
    renderApp(auth);

    expect(screen.getByText('checking')).toBeTruthy();
    expect(auth.calls.map((call) => call.method)).toEqual(['redirectToLogin']);
  });
});
