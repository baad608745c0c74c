import type { RedirectToLoginOptions } from '@fief-spa/core';
import { useFiefAuth } from '@fief-spa/react';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { callbackURI } from '../config';
import { userMessage } from './userMessage';

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
        console.error('Could not start the sign-in:', error);
        setState({ status: 'error', message: `Could not start the sign-in. ${userMessage(error)}` });
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

/** What {@link useLoginRedirect} returns. */
export type LoginRedirect = ReturnType<typeof useLoginRedirect>;

/**
 * A button that starts a login, disabled while the login URL is prepared. `options` may be a function, read at
 * click time (for a `returnTo` taken from the current address).
 */
export function LoginButton({
  login,
  options,
  quiet = false,
  children,
}: {
  login: LoginRedirect;
  options: RedirectToLoginOptions | (() => RedirectToLoginOptions);
  quiet?: boolean;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={quiet ? 'button button-quiet' : 'button'}
      disabled={login.redirecting}
      onClick={() => login.redirect(typeof options === 'function' ? options() : options)}
    >
      {children}
    </button>
  );
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
