/**
 * The refresh timer across the provider's lifecycle, with real timers and the dev server: StrictMode disposes the
 * engine and starts it again at mount, which must leave exactly one running engine, and unmounting must stop it.
 */
import { act, render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { describe, expect, test } from 'vitest';
import { FiefAuthProvider } from '../index.js';
import { DEMO_USER, logIn, setUpDevServer, tokenRequests } from './devServer.js';
import { SessionStatus as Status } from './SessionStatus.js';

// Access tokens of 2 s: the engine refreshes about every second.
const flow = setUpDevServer({ accessTokenTTL: 2 });

const wait = (ms: number) => act(() => new Promise<void>((resolve) => setTimeout(resolve, ms)));

/** Signs the demo user in with a throwaway engine, leaving the session in this page's sessionStorage. */
async function storedSession() {
  const { auth, navigations } = flow.createEngine({ storage: 'session' });
  auth.start();
  await logIn(auth, navigations);
  auth.dispose();
  window.history.replaceState(null, '', '/');
}

describe('the refresh across the provider lifecycle', () => {
  test('a StrictMode provider refreshes while mounted and sends nothing once unmounted', async () => {
    await storedSession();
    const props = { baseURL: flow.server.url, clientId: 'spa', tabSync: { channel: () => null } };
    const { unmount } = render(
      <StrictMode>
        <FiefAuthProvider {...props}>
          <Status />
        </FiefAuthProvider>
      </StrictMode>,
    );
    await screen.findByText(`status authenticated ${DEMO_USER.email}`);
    flow.server.clearRequests();
    await wait(2_500);
    expect(tokenRequests(flow.server)).toBeGreaterThan(0);

    unmount();
    flow.server.clearRequests();
    await wait(2_500);
    expect(tokenRequests(flow.server)).toBe(0);
  });

  test('two providers of one engine: the one left keeps it refreshing', async () => {
    await storedSession();
    const { auth } = flow.createEngine({ storage: 'session' });
    const page = (both: boolean) => (
      <StrictMode>
        <FiefAuthProvider auth={auth}>
          <Status />
        </FiefAuthProvider>
        {both ? <FiefAuthProvider auth={auth}>second</FiefAuthProvider> : null}
      </StrictMode>
    );
    const { rerender } = render(page(true));
    await screen.findByText(`status authenticated ${DEMO_USER.email}`);
    rerender(page(false));
    flow.server.clearRequests();
    await wait(2_500);
    expect(tokenRequests(flow.server)).toBeGreaterThan(0);
    expect(screen.getByText(`status authenticated ${DEMO_USER.email}`)).toBeTruthy();
  });
});
