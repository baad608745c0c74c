import { FiefAuthCallbackError } from '@fief-spa/core';
import { RequireAuth, useFiefSession, useFiefUserinfo } from '@fief-spa/react';
import { NavLink, Outlet } from 'react-router';
import { PageLoading } from '../components/PageState';
import { PageTitle } from '../components/PageTitle';
import { LoginButton, LoginRedirectError, useLoginRedirect } from '../components/useLoginRedirect';
import { userMessage } from '../components/userMessage';
import type { UserFields } from '../config';

/**
 * `/profile/*`: signed-in users only. A visitor without a session goes to the login page and comes back to the
 * same URL; a session that ends while the page is open (signed out here or in another tab) shows `SessionEnded`.
 */
export function ProfileRoute() {
  return (
    <RequireAuth fallback={<PageLoading label="Restoring your session…" />} signedOut={<SessionEnded />}>
      <ProfileLayout />
    </RequireAuth>
  );
}

/** The profile's card for a signed-out visitor: why the session ended, and a way to sign in again. */
export function SessionEnded() {
  const login = useLoginRedirect();
  const session = useFiefSession();
  // The session could not be kept (its renewal failed), rather than ended by a sign-out here or in another tab.
  const lost = session.status === 'error' && !(session.error instanceof FiefAuthCallbackError);
  return (
    <section className="card card-notice" role={lost ? 'alert' : undefined}>
      <PageTitle title="Signed out" />
      <h1>{lost ? 'Your session expired' : 'You are signed out'}</h1>
      <p>
        {lost
          ? `It could not be renewed. ${userMessage(session.error)}`
          : 'Your session ended, in this tab or in another one. Sign in again to see your account.'}
      </p>
      <div className="actions">
        <LoginButton
          login={login}
          options={() => {
            const { pathname, search, hash } = window.location;
            return { returnTo: pathname + search + hash };
          }}
        >
          Sign in again
        </LoginButton>
      </div>
      <LoginRedirectError message={login.error} />
    </section>
  );
}

function ProfileLayout() {
  const userinfo = useFiefUserinfo<UserFields>();
  const name = [userinfo?.fields.first_name, userinfo?.fields.last_name].filter(Boolean).join(' ');
  return (
    <>
      <div className="page-head">
        <h1>{name || 'Your account'}</h1>
        <p className="muted">{userinfo?.email}</p>
      </div>
      <nav className="tabs" aria-label="Account">
        <NavLink to="/profile" end>
          Overview
        </NavLink>
        <NavLink to="/profile/security">Security</NavLink>
        <NavLink to="/profile/api">API</NavLink>
      </nav>
      <Outlet />
    </>
  );
}
