import { useFiefAuth } from '@fief-spa/react';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { homeURI } from '../config';
import { signOutMessage } from './userMessage';

type SignOutState = { status: 'idle' | 'signingOut' } | { status: 'error'; message: string };

/**
 * `logout` for the Sign out button: `signingOut` from the click until the browser leaves for Fief's logout page,
 * so the app can say so instead of showing an empty page meanwhile; `error` when it could not leave (the identity
 * server is down): the session here and in every tab is over all the same, and the sentence says what that means.
 * The app then shows the home page, where a successful sign-out lands too.
 */
export function useSignOut() {
  const auth = useFiefAuth();
  const navigate = useNavigate();
  const [state, setState] = useState<SignOutState>({ status: 'idle' });

  useEffect(() => {
    // Back from Fief through the back-forward cache: the page is no longer leaving.
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) setState({ status: 'idle' });
    };
    window.addEventListener('pageshow', onPageShow);
    return () => window.removeEventListener('pageshow', onPageShow);
  }, []);

  const signOut = useCallback(() => {
    setState({ status: 'signingOut' });
    auth.logout(homeURI).catch(async (error: unknown) => {
      // The session is already cleared here and in every tab; only the trip to Fief's logout page failed.
      console.error('Fief logout failed:', error);
      // Home first, while "Signing out…" still shows: the page being left, if protected, would start a login.
      await navigate('/', { replace: true });
      setState({ status: 'error', message: signOutMessage(error) });
    });
  }, [auth, navigate]);

  return {
    signOut,
    signingOut: state.status === 'signingOut',
    error: state.status === 'error' ? state.message : null,
  };
}
