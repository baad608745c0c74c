import type { RedirectToLoginOptions } from '@fief-spa/core';
import { useFiefAuth } from '@fief-spa/react';
import { useCallback, useEffect, useState } from 'react';
import { callbackURI } from '../config';
import { errorMessage } from './errorMessage';

type RedirectState = { status: 'idle' | 'redirecting' } | { status: 'error'; message: string };

/**
 * `redirectToLogin` for a button: `redirecting` while the login URL is prepared (disable the button), and the
 * reason when it could not be (the identity server is down, say) instead of a click that does nothing.
 */
export function useLoginRedirect() {
  const auth = useFiefAuth();
  const [state, setState] = useState<RedirectState>({ status: 'idle' });

  useEffect(() => {
    // Back from the login page through the back-forward cache: the buttons work again.
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) setState({ status: 'idle' });
    };
    window.addEventListener('pageshow', onPageShow);
    return () => window.removeEventListener('pageshow', onPageShow);
  }, []);

  const redirect = useCallback(
    (options: RedirectToLoginOptions) => {
      setState({ status: 'redirecting' });
      auth.redirectToLogin(callbackURI, options).catch((error: unknown) => {
        setState({ status: 'error', message: `Could not start the sign-in: ${errorMessage(error)}` });
      });
    },
    [auth],
  );

  return {
    redirect,
    redirecting: state.status === 'redirecting',
    error: state.status === 'error' ? state.message : null,
  };
}

/** Where a failed {@link useLoginRedirect} says why. */
export function LoginRedirectError({ message }: { message: string | null }) {
  if (message === null) return null;
  return (
    <p className="status status-error" role="alert">
      {message}
    </p>
  );
}
