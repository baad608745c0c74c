import { act, cleanup, screen } from '@testing-library/react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { describe, expect, test, vi } from 'vitest';
import { FiefAuthProvider } from '../index.js';
import { DEMO_USER, logIn, setUpDevServer } from './devServer.js';
import { SessionStatus as Status } from './SessionStatus.js';

const flow = setUpDevServer();

describe('hydration', () => {
  test('server HTML hydrates with a stored session: no mismatch, then the signed-in state right after', async () => {
    // A real login leaves a valid session in this page's sessionStorage.
    const { auth, navigations } = flow.createEngine({ storage: 'session' });
    auth.start();
    await logIn(auth, navigations);
    auth.dispose();
    window.history.replaceState(null, '', '/');

    const props = { baseURL: flow.server.url, clientId: 'spa', tabSync: { channel: () => null } };
    const app = (
      <FiefAuthProvider {...props}>
        <Status />
      </FiefAuthProvider>
    );
    const container = document.createElement('div');
    container.innerHTML = renderToString(app);
    document.body.append(container);
    expect(container.textContent).toBe('status loading nobody');

    const onRecoverableError = vi.fn();
    const root = await act(async () => hydrateRoot(container, app, { onRecoverableError }));
    expect(await screen.findByText(`status authenticated ${DEMO_USER.email}`)).toBeTruthy();
    expect(onRecoverableError).not.toHaveBeenCalled();
    act(() => root.unmount());
    container.remove();
    cleanup();
  });
});
