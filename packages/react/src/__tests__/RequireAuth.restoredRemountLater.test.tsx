/**
 * After a page back from the back-forward cache made a guard mounted again say the session ended
 * (`RequireAuth.restoredRemount.test.tsx`), what comes later is a new visit: a guarded link followed, or a user signed
 * in again and out again, logs in. Otherwise an app whose `signedOut` offers no sign-in (the default is `fallback`)
 * would keep the user on it, on every guarded page, with no way to sign in but a reload.
 */
import { createTestFiefAuth, type TestFiefAuth } from '@fief-spa/core/testing';
import { act, cleanup, render, screen } from '@testing-library/react';
import { StrictMode, useState } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FiefAuthProvider, RequireAuth } from '../index.js';
import { pageShow } from './pageShow.js';

beforeEach(() => window.history.replaceState(null, '', '/account'));
afterEach(() => cleanup());

type Page = 'home' | 'account' | 'leaving';

/** A router in miniature: `/` is public, `/account` guarded, "Signing out…" while the page leaves. */
function App({ go }: { go: { to: (page: Page) => void } }) {
  const [page, setPage] = useState<Page>('account');
  go.to = setPage;
  if (page === 'leaving') return <p>Signing out…</p>;
  if (page === 'home') return <p>home</p>;
  return (
    <RequireAuth fallback={<p>checking</p>}>
      <p>account</p>
    </RequireAuth>
  );
}

/** Renders the app on `/account`; `go` follows a link (the address changes, as a router's would). */
function renderApp(auth: TestFiefAuth, strict = false): { go: (page: Page) => void } {
  const go = { to: (_page: Page) => {} };
  const app = (
    <FiefAuthProvider auth={auth}>
      <App go={go} />
    </FiefAuthProvider>
  );
  render(strict ? <StrictMode>{app}</StrictMode> : app);
  return {
    go: (page) =>
      act(() => {
        if (page !== 'leaving') window.history.pushState(null, '', page === 'home' ? '/' : '/account');
        go.to(page);
      }),
  };
}

const user = { sub: 'u1', email: 'ada@example.com', tenant_id: 't1', fields: {} };
const logins = (auth: TestFiefAuth) => auth.calls.filter((call) => call.method === 'redirectToLogin').length;

/** Signed in on `/account`, signed out while "Signing out…" shows, and Back restores the page: signedOut shown. */
async function restoredAfterSignOut(auth: TestFiefAuth, strict = false) {
  const app = renderApp(auth, strict);
  expect(await screen.findByText('account')).toBeTruthy();
  app.go('leaving');
  act(() => auth.signOut());
  await act(async () => pageShow(true));
  app.go('account');
  expect(screen.getByText('checking')).toBeTruthy();
  expect(logins(auth)).toBe(0);
  return app;
}

describe('<RequireAuth> after a page restored from the back-forward cache', () => {
  it('in StrictMode too, the guard mounted again says the session ended and starts no login', async () => {
    const auth = createTestFiefAuth({ userinfo: user });
    await restoredAfterSignOut(auth, true);
    await act(async () => {});
    expect(logins(auth)).toBe(0);
  });

  it('a guarded link followed later logs in, rather than leaving the user on signedOut', async () => {
    const auth = createTestFiefAuth({ userinfo: user });
    const app = await restoredAfterSignOut(auth);
    app.go('home');
    app.go('account');
    expect(logins(auth)).toBe(1);
  });

  it('restored on a public page: the first guarded link followed logs in', async () => {
    const auth = createTestFiefAuth({ userinfo: user });
    const app = renderApp(auth);
    expect(await screen.findByText('account')).toBeTruthy();
    app.go('home');
    act(() => auth.signOut());
    await act(async () => pageShow(true));
    app.go('account');
    expect(logins(auth)).toBe(1);
  });

  it('signed in again (another tab) and out again: a guard mounted later logs in', async () => {
    const auth = createTestFiefAuth({ userinfo: user });
    const app = await restoredAfterSignOut(auth);
    act(() => auth.signIn(user));
    expect(screen.getByText('account')).toBeTruthy();
    act(() => auth.signOut());
    expect(screen.getByText('checking')).toBeTruthy(); // the guard left mounted: signedOut, no login
    expect(logins(auth)).toBe(0);
    app.go('home');
    app.go('account');
    expect(logins(auth)).toBe(1);
  });

  it('restored with the guard left mounted, signed in again and out again: back on that address, a guard logs in', async () => {
    const auth = createTestFiefAuth({ userinfo: user });
    const app = renderApp(auth);
    expect(await screen.findByText('account')).toBeTruthy();
    act(() => auth.signOut()); // signed out in another tab: the guard left mounted shows signedOut
    await act(async () => pageShow(true));
    act(() => auth.signIn(user)); // and in again there: this is a new session, the restore is over
    expect(screen.getByText('account')).toBeTruthy();
    act(() => auth.signOut());
    app.go('home');
    app.go('account');
    expect(logins(auth)).toBe(1);
  });

  // Known gap: the restore is used up by the first guard that mounts, and the address only tells a later visit from
  // the restore's own remount. An app that, restored, shows no guard at that address (it navigated elsewhere first)
  // and is later sent back to it gets signedOut there once (the next guarded link logs in). Telling a router's
  // navigation apart needs the router (or the Navigation API, not in every browser); not worth it for this path.
  it.fails('restored at a guarded address that the app leaves at once: coming back to it later logs in', async () => {
    const auth = createTestFiefAuth({ userinfo: user });
    const app = renderApp(auth);
    expect(await screen.findByText('account')).toBeTruthy();
    app.go('leaving');
    act(() => auth.signOut());
    await act(async () => pageShow(true));
    app.go('home');
    app.go('account');
    expect(logins(auth)).toBe(1);
  });
});
