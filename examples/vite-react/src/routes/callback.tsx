import { FiefAuthCallbackError } from '@fief-spa/core';
import { FiefAuthCallback, useFiefIsAuthenticated } from '@fief-spa/react';
import { Link, Navigate } from 'react-router';
import { ErrorCard, PageLoading } from '../components/PageState';
import { useLogError } from '../components/useLogError';
import { LoginButton, LoginRedirectError, useLoginRedirect } from '../components/useLoginRedirect';
import { userMessage } from '../components/userMessage';

/** Where Fief sends the user back: finishes the login once, then goes where the user was headed. */
export function CallbackRoute() {
  return (
    <FiefAuthCallback
      loadingElement={<PageLoading label="Signing you in…" />}
      errorElement={(error) => <CallbackError error={error} />}
    />
  );
}

function CallbackError({ error }: { error: unknown }) {
  const isAuthenticated = useFiefIsAuthenticated();
  // The callback URL opened again (the back button, history, a bookmark) while signed in: its sign-in is done.
  const replayed = error instanceof FiefAuthCallbackError && error.reason === 'unknown_state';
  if (isAuthenticated && replayed) return <Navigate to="/profile" replace />;
  return <SignInFailed error={error} />;
}

function SignInFailed({ error }: { error: unknown }) {
  const login = useLoginRedirect();
  useLogError('Sign-in failed', error);
  return (
    <ErrorCard title="Sign-in failed">
      <p>{userMessage(error)} Nothing was saved.</p>
      <div className="actions">
        <LoginButton login={login} options={{ returnTo: '/profile' }}>
          Try again
        </LoginButton>
        <Link to="/" className="button button-quiet">
          Back to home
        </Link>
      </div>
      <LoginRedirectError message={login.error} />
    </ErrorCard>
  );
}
