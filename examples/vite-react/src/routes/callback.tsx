import { FiefAuthCallback } from '@fief-spa/react';
import { Link } from 'react-router';
import { errorMessage } from '../components/errorMessage';
import { ErrorCard, PageLoading } from '../components/PageState';
import { LoginButton, LoginRedirectError, useLoginRedirect } from '../components/useLoginRedirect';

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
  const login = useLoginRedirect();
  return (
    <ErrorCard title="Sign-in failed" detail={errorMessage(error)}>
      <p>
        This sign-in could not be completed, so nothing was saved. The link may have expired, been used
        already, or been changed on the way.
      </p>
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
