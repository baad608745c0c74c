import { useFiefIsAuthenticated, useFiefUserinfo } from '@fief-spa/react';
import { Link } from 'react-router';
import { PageTitle } from '../components/PageTitle';
import { LoginButton, LoginRedirectError, useLoginRedirect } from '../components/useLoginRedirect';
import { type UserFields, usesLocalDevServer } from '../config';

/** The public landing page: anyone can see it; it offers to sign in or to create an account. */
export function HomeRoute() {
  const login = useLoginRedirect();
  const isAuthenticated = useFiefIsAuthenticated();
  const userinfo = useFiefUserinfo<UserFields>();

  return (
    <section className="hero">
      <PageTitle title="Home" />
      <h1>Sign in with Fief, the single-page way</h1>
      <p className="lead">
        Authorization code with PKCE, a session that refreshes itself, and every tab kept in step. This page
        is public; your profile is not.
      </p>
      {isAuthenticated && userinfo ? (
        <div className="actions">
          <p className="welcome" data-testid="welcome">
            Welcome back, {userinfo.fields.first_name || userinfo.email}.
          </p>
          <Link to="/profile" className="button">
            Go to your profile
          </Link>
        </div>
      ) : (
        <div className="actions">
          <LoginButton login={login} options={{ returnTo: '/profile' }}>
            Sign in
          </LoginButton>
          <LoginButton login={login} options={{ returnTo: '/profile', screen: 'register' }} quiet>
            Create an account
          </LoginButton>
        </div>
      )}
      <LoginRedirectError message={login.error} />
      {usesLocalDevServer && !isAuthenticated ? (
        <p className="hint">
          Local dev server: sign in as <code>anne@example.com</code> / <code>herminetincture</code>, or create
          an account.
        </p>
      ) : null}
      <ul className="features">
        <li>
          <strong>Code flow with PKCE</strong>
          State, nonce and every ID-token claim checked; a tampered callback stores nothing.
        </li>
        <li>
          <strong>Silent refresh</strong>
          The access token is renewed before it expires, once for all tabs, with rotating refresh tokens.
        </li>
        <li>
          <strong>Tabs in step</strong>
          Sign in or out in one tab and every other tab follows, with no reload.
        </li>
      </ul>
    </section>
  );
}
