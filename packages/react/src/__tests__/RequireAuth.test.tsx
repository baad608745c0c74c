import { act, render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { describe, expect, test, vi } from 'vitest';
import { FiefAuthProvider, RequireAuth, useFiefUserinfo } from '../index.js';
import {
  CALLBACK_URI,
  clientSettings,
  DEMO_USER,
  logIn,
  navigation,
  REAL_WAIT,
  setUpDevServer,
  signInAt,
  tokenRequests,
} from './devServer.js';

const flow = setUpDevServer();

/** Every render of the protected content, with the user it saw. */
let protectedRenders: (string | undefined)[] = [];
function Secret() {
  const email = useFiefUserinfo()?.email;
  protectedRenders.push(email);
  return <p>secret of {email}</p>;
}

describe('<RequireAuth> with the real engine', () => {
  test('sends an anonymous user to login, and the login brings them back to the same location', async () => {
    protectedRenders = [];
    window.history.replaceState(null, '', '/orders/42?tab=items#line-3');
    const { navigations, props } = clientSettings(flow.server);
    render(
      <StrictMode>
        <FiefAuthProvider {...props}>
          <RequireAuth fallback={<p>checking session</p>}>
            <Secret />
          </RequireAuth>
        </FiefAuthProvider>
      </StrictMode>,
    );
    expect(screen.getByText('checking session')).toBeTruthy();

    const authorizationURL = new URL(await navigation(navigations));
    expect(authorizationURL.origin).toBe(flow.server.url);
    expect(authorizationURL.searchParams.get('redirect_uri')).toBe(CALLBACK_URI);
    expect(screen.getByText('checking session')).toBeTruthy();
    expect(protectedRenders).toEqual([]);
    expect(navigations).toHaveLength(1); // one redirect, despite StrictMode's double effects
  });

  test('the login it starts brings the user back to the location they were at, once', async () => {
    window.history.replaceState(null, '', '/orders/42?tab=items#line-3');
    const { auth, navigations } = flow.createEngine();
    auth.start();
    // Anonymous already when RequireAuth mounts, so StrictMode runs its redirect effect twice.
    await vi.waitFor(() => expect(auth.getSnapshot().status).toBe('anonymous'), REAL_WAIT);
    render(
      <StrictMode>
        <FiefAuthProvider auth={auth}>
          <RequireAuth>
            <Secret />
          </RequireAuth>
        </FiefAuthProvider>
      </StrictMode>,
    );
    await signInAt(await navigation(navigations));
    const result = await act(() => auth.authCallback(CALLBACK_URI));
    expect(result.returnTo).toBe('/orders/42?tab=items#line-3');
    expect(navigations).toHaveLength(1); // StrictMode ran the effect twice; one login was started
  });

  test('renders the children for a signed-in user, and nothing protected before the session is known', async () => {
    const { auth, navigations } = flow.createEngine();
    auth.start();
    await logIn(auth, navigations);
    window.history.replaceState(null, '', '/account');
    protectedRenders = [];

    render(
      <FiefAuthProvider auth={auth}>
        <RequireAuth fallback={<p>checking session</p>}>
          <Secret />
        </RequireAuth>
      </FiefAuthProvider>,
    );
    expect(screen.getByText(`secret of ${DEMO_USER.email}`)).toBeTruthy();
    expect(protectedRenders.every((email) => email === DEMO_USER.email)).toBe(true);
    expect(navigations).toHaveLength(1); // only the login of the test itself
  });

  test('keeps the fallback, and nothing protected, while a stored expired session is refreshed', async () => {
    const first = flow.createEngine({ storage: 'local' });
    first.auth.start();
    await logIn(first.auth, first.navigations);
    first.auth.dispose(); // the tab is closed; its session stays in localStorage
    flow.server.clearRequests();
    protectedRenders = [];

    // Two hours later (for the engine), the stored access token has expired: it must be refreshed first.
    const { navigations, props } = clientSettings(flow.server);
    render(
      <StrictMode>
        <FiefAuthProvider {...props} storage="local" clock={() => Date.now() + 2 * 3600_000}>
          <RequireAuth fallback={<p>checking session</p>}>
            <Secret />
          </RequireAuth>
        </FiefAuthProvider>
      </StrictMode>,
    );
    expect(screen.getByText('checking session')).toBeTruthy();
    expect(protectedRenders).toEqual([]);

    await screen.findByText(`secret of ${DEMO_USER.email}`);
    expect(protectedRenders.every((email) => email === DEMO_USER.email)).toBe(true);
    expect(tokenRequests(flow.server)).toBe(1); // the refresh
    expect(navigations).toEqual([]); // never sent to login
  });
});
