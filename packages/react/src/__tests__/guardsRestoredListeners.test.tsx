/**
 * The guards' back-forward-cache listeners (`pageRestored.ts`) do not outlive what they guard: a loader's once it
 * settled (restored or abandoned), `<RequireAuth>`'s once unmounted, in StrictMode too, over many runs.
 */
import { createTestFiefAuth } from '@fief-spa/core/testing';
import { act, cleanup, render } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FiefAuthProvider, RequireAuth, requireAuthLoader } from '../index.js';
import { pageShow, pageShowListeners } from './pageShow.js';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('requireAuthLoader', () => {
  it('leaves no listener behind once restored or abandoned', async () => {
    const held = pageShowListeners();
    const auth = createTestFiefAuth();
    const guard = requireAuthLoader(auth);
    const load = () => {
      const controller = new AbortController();
      const request = new Request('http://127.0.0.1:5173/account', { signal: controller.signal });
      const outcome = guard({ request, params: {}, context: undefined } as never).catch(
        (error: unknown) => error,
      );
      return { controller, outcome };
    };
    const whenLoginStarted = async (count: number) =>
      vi.waitFor(() =>
        expect(auth.calls.filter((call) => call.method === 'redirectToLogin')).toHaveLength(count),
      );

    for (let run = 1; run <= 20; run++) {
      const restored = load();
      await whenLoginStarted(2 * run - 1);
      pageShow();
      expect(await restored.outcome).toMatchObject({ code: 'ERR_FIEF_NOT_AUTHENTICATED' });
      const abandoned = load();
      await whenLoginStarted(2 * run);
      abandoned.controller.abort(new Error('elsewhere'));
      await abandoned.outcome;
    }
    expect(held()).toBe(0);
  });
});

describe('<RequireAuth>', () => {
  it('leaves no listener behind over many mounts and unmounts, in StrictMode', async () => {
    const held = pageShowListeners();
    const auth = createTestFiefAuth();
    for (let run = 0; run < 20; run++) {
      const { unmount } = render(
        <StrictMode>
          <FiefAuthProvider auth={auth}>
            <RequireAuth fallback={<p>checking</p>}>
              <p>account</p>
            </RequireAuth>
          </FiefAuthProvider>
        </StrictMode>,
      );
      await act(async () => {});
      unmount();
    }
    expect(held()).toBe(0);
  });
});
