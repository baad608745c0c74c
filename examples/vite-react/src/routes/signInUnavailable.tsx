import { FiefError } from '@fief-spa/core';
import { useRouteError } from 'react-router';
import { ErrorCard } from '../components/PageState';
import { useLogError } from '../components/useLogError';
import { userMessage } from '../components/userMessage';
import { SessionEnded } from './profile';

/**
 * The `errorElement` of the protected routes: their loader guard could not start the login (the identity server is
 * down, or refused discovery), or did not on purpose (the page was reached with Back after a sign-out: the
 * signed-out card offers to sign in). Anything else is a crash, as on every other route.
 */
export function SignInUnavailable() {
  const error = useRouteError();
  const signedOut = error instanceof FiefError && error.code === 'ERR_FIEF_NOT_AUTHENTICATED';
  useLogError('Sign-in is unavailable', signedOut ? null : error);
  if (signedOut) return <SessionEnded />;
  if (!(error instanceof FiefError)) throw error;
  return (
    <ErrorCard title="Sign-in is unavailable" detail={userMessage(error)}>
      <p>This page needs you to sign in, and the sign-in service cannot be reached right now.</p>
      <div className="actions">
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Try again
        </button>
      </div>
    </ErrorCard>
  );
}
