import { FiefAuthCallbackError } from '@fief-spa/core';
import { useFiefIsAuthenticated, useFiefSession, useFiefUserinfo } from '@fief-spa/react';
import { Link, NavLink, Outlet, useMatches } from 'react-router';
import { PageLoading } from '../components/PageState';
import { useLogError } from '../components/useLogError';
import { LoginButton, useLoginRedirect } from '../components/useLoginRedirect';
import { userMessage } from '../components/userMessage';
import { useSignOut } from '../components/useSignOut';
import { fiefBaseURL, fiefClientId, type UserFields } from '../config';

/** What a route tells the frame, as its `handle`. */
export interface RouteHandle {
  /** The page says itself that the session ended, and why: no banner above it. */
  explainsSessionEnd?: boolean;
}

/** The frame of every page: who is signed in, the navigation, and a banner when the session broke. */
export function RootLayout() {
  const session = useFiefSession();
  const isAuthenticated = useFiefIsAuthenticated();
  const userinfo = useFiefUserinfo<UserFields>();
  const login = useLoginRedirect();
  const { signOut, signingOut, error: signOutError } = useSignOut();
  // A failed callback is logged by the callback page, which says so: the session did not end.
  useLogError('The session ended', session.error instanceof FiefAuthCallbackError ? null : session.error);
  const pageExplainsSessionEnd = useMatches().some(
    (match) => (match.handle as RouteHandle | undefined)?.explainsSessionEnd,
  );

  return (
    <div className="app">
      <header className="topbar">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Fief SPA
        </Link>
        <nav className="nav" aria-label="Main">
          <NavLink to="/" end>
            Home
          </NavLink>
          <NavLink to="/profile">Profile</NavLink>
        </nav>
        <div className="session" data-testid="session">
          {signingOut ? (
            <span className="pill">Signing out…</span>
          ) : session.isLoading ? (
            <span className="pill">
              <span className="spinner spinner-small" aria-hidden="true" /> Checking session…
            </span>
          ) : isAuthenticated && userinfo ? (
            <>
              <span className="who" data-testid="signed-in-as">
                {userinfo.email}
              </span>
              <button type="button" className="button button-quiet" onClick={signOut}>
                Sign out
              </button>
            </>
          ) : (
            <LoginButton login={login} options={{ returnTo: '/profile' }}>
              Sign in
            </LoginButton>
          )}
        </div>
      </header>

      {/* A failed callback has its own error view; this banner is for a session that could not be kept. */}
      {session.status === 'error' &&
      !(session.error instanceof FiefAuthCallbackError) &&
      !pageExplainsSessionEnd ? (
        <div className="banner" role="alert">
          <span>You were signed out. {userMessage(session.error)}</span>
          <LoginButton login={login} options={() => ({ returnTo: window.location.pathname })} quiet>
            Sign in again
          </LoginButton>
        </div>
      ) : null}
      {login.error ? (
        <div className="banner" role="alert">
          {login.error}
        </div>
      ) : null}
      {/* Signed out here and in every tab, but the identity server could not be told: say what that means. */}
      {signOutError && !isAuthenticated ? (
        <div className="banner" role="alert">
          <span>{signOutError}</span>
          <button type="button" className="button button-quiet" onClick={signOut}>
            Try again
          </button>
        </div>
      ) : null}

      <main className="main">{signingOut ? <PageLoading label="Signing out…" /> : <Outlet />}</main>

      <footer className="footer">
        Identity server <code>{fiefBaseURL}</code> · client <code>{fiefClientId}</code>
      </footer>
    </div>
  );
}
