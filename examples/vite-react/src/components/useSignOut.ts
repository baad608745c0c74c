import { useFiefAuth } from '@fief-spa/react';
import { useCallback, useEffect, useState } from 'react';
import { homeURI } from '../config';

/**
 * `logout` for the Sign out button: `signingOut` from the click until the browser leaves for Fief's logout page,
 * so the app can say so instead of showing an empty page meanwhile.
 */
export function useSignOut() {
  const auth = useFiefAuth();
  const [signingOut, setSigningOut] = useState(false);

  useEffect(() => {
    // Back from Fief through the back-forward cache: the page is no longer leaving.
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) setSigningOut(false);
    };
    window.addEventListener('pageshow', onPageShow);
    return () => window.removeEventListener('pageshow', onPageShow);
  }, []);

  const signOut = useCallback(() => {
    setSigningOut(true);
    auth.logout(homeURI).catch((error: unknown) => {
      // The session is already cleared here and in every tab; only the trip to Fief's logout page failed.
      console.error('Fief logout failed:', error);
      setSigningOut(false);
    });
  }, [auth]);

  return { signOut, signingOut };
}
