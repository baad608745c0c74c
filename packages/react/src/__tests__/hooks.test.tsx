import type { FiefTokenInfo, FiefUserInfo } from '@fief-spa/core';
import { act, cleanup, render, renderHook, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import {
  FiefAuthProvider,
  type FiefSession,
  RequireAuth,
  useFiefAuth,
  useFiefAuthCallback,
  useFiefIsAuthenticated,
  useFiefSession,
  useFiefTokenInfo,
  useFiefUserinfo,
} from '../index.js';
import { fakeAuth } from './fakeAuth.js';

afterEach(cleanup);

const userinfo = (email: string) =>
  ({ sub: 'u1', email, email_verified: true, is_active: true, tenant_id: 't1', fields: {} }) as FiefUserInfo;
const tokenInfo = (accessToken: string) =>
  ({
    access_token: accessToken,
    id_token: 'id',
    token_type: 'bearer',
    expires_at: Date.now() + 3600_000,
    scope: ['openid'],
    acr: '0',
    permissions: [],
  }) as FiefTokenInfo;

describe('hooks outside <FiefAuthProvider>', () => {
  test.each<[string, () => unknown]>([
    ['useFiefAuth', useFiefAuth],
    ['useFiefUserinfo', useFiefUserinfo],
    ['useFiefTokenInfo', useFiefTokenInfo],
    ['useFiefIsAuthenticated', useFiefIsAuthenticated],
    ['useFiefSession', useFiefSession],
    ['useFiefAuthCallback', useFiefAuthCallback],
  ])('%s throws an error naming the provider', (name, hook) => {
    expect(() => renderHook(hook)).toThrow(`${name} must be used inside <FiefAuthProvider>`);
  });

  test('<RequireAuth> throws an error naming the provider', () => {
    expect(() => render(<RequireAuth>secret</RequireAuth>)).toThrow(
      'RequireAuth must be used inside <FiefAuthProvider>',
    );
  });
});

let renders = { isAuthenticated: 0, userinfo: 0, tokenInfo: 0, session: 0 };
function ReadsIsAuthenticated() {
  renders.isAuthenticated++;
  return <p>{String(useFiefIsAuthenticated())}</p>;
}
function ReadsUserinfo() {
  renders.userinfo++;
  return <p>{useFiefUserinfo()?.email ?? 'nobody'}</p>;
}
function ReadsTokenInfo() {
  renders.tokenInfo++;
  return <p>{useFiefTokenInfo()?.access_token ?? 'no token'}</p>;
}
function ReadsSession() {
  renders.session++;
  return <p>{useFiefSession().status}</p>;
}

describe('a component re-renders only when the value it reads changes', () => {
  function setup() {
    const fake = fakeAuth({
      status: 'authenticated',
      userinfo: userinfo('a@example.com'),
      tokenInfo: tokenInfo('t1'),
    });
    renders = { isAuthenticated: 0, userinfo: 0, tokenInfo: 0, session: 0 };
    render(
      <FiefAuthProvider auth={fake.auth}>
        <ReadsIsAuthenticated />
        <ReadsUserinfo />
        <ReadsTokenInfo />
        <ReadsSession />
      </FiefAuthProvider>,
    );
    return { fake };
  }

  test('a token refresh re-renders only the token readers', () => {
    const { fake } = setup();
    expect(renders).toEqual({ isAuthenticated: 1, userinfo: 1, tokenInfo: 1, session: 1 });
    act(() => fake.set({ tokenInfo: tokenInfo('t2') }));
    expect(renders).toEqual({ isAuthenticated: 1, userinfo: 1, tokenInfo: 2, session: 1 });
    expect(screen.getByText('t2')).toBeTruthy();
  });

  test('a userinfo change re-renders its reader once', () => {
    const { fake } = setup();
    act(() => fake.set({ userinfo: userinfo('b@example.com') }));
    expect(renders).toEqual({ isAuthenticated: 1, userinfo: 2, tokenInfo: 1, session: 1 });
    expect(screen.getByText('b@example.com')).toBeTruthy();
  });

  test('signing out re-renders every reader once', () => {
    const { fake } = setup();
    act(() => fake.set({ status: 'anonymous', userinfo: null, tokenInfo: null }));
    expect(renders).toEqual({ isAuthenticated: 2, userinfo: 2, tokenInfo: 2, session: 2 });
    expect(screen.getByText('false')).toBeTruthy();
    expect(screen.getByText('nobody')).toBeTruthy();
  });
});

describe('useFiefSession', () => {
  test('keeps its identity until status or error changes', () => {
    const fake = fakeAuth({ status: 'loading' });
    const seen: FiefSession[] = [];
    renderHook(() => seen.push(useFiefSession()), {
      wrapper: ({ children }) => <FiefAuthProvider auth={fake.auth}>{children}</FiefAuthProvider>,
    });
    expect(seen.at(-1)).toEqual({ status: 'loading', isLoading: true, error: null });
    const loading = seen.at(-1);
    act(() => fake.set({ tokenInfo: tokenInfo('t1') }));
    expect(seen.at(-1)).toBe(loading);
    act(() => fake.set({ status: 'authenticated' }));
    expect(seen.at(-1)).toEqual({ status: 'authenticated', isLoading: false, error: null });
  });
});

describe('<FiefAuthProvider auth={engine}>', () => {
  test('starts the engine it was given but never disposes it', () => {
    const fake = fakeAuth();
    const { unmount } = render(
      <StrictMode>
        <FiefAuthProvider auth={fake.auth}>
          <Status />
        </FiefAuthProvider>
      </StrictMode>,
    );
    expect(fake.start).toHaveBeenCalled();
    expect(fake.listenerCount()).toBe(1);
    unmount();
    expect(fake.dispose).not.toHaveBeenCalled();
    expect(fake.listenerCount()).toBe(0);
  });

  test('a new lang or redirectURI re-renders the hooks without subscribing them again', () => {
    const fake = fakeAuth({ status: 'anonymous' });
    const app = (lang: string) => (
      <FiefAuthProvider auth={fake.auth} lang={lang} redirectURI={`https://app.example/${lang}/callback`}>
        <Status />
      </FiefAuthProvider>
    );
    const { rerender } = render(app('en'));
    expect(fake.subscribe).toHaveBeenCalledOnce();

    rerender(app('fr'));
    act(() => fake.set({ status: 'authenticated' }));

    expect(fake.subscribe).toHaveBeenCalledOnce();
    expect(screen.getByText('authenticated')).toBeTruthy();
  });
});

function Status() {
  return <p>{useFiefSession().status}</p>;
}
