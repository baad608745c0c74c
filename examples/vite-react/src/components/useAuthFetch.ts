import { type AuthFetch, createAuthFetch } from '@fief-spa/core';
import { useFiefAuth } from '@fief-spa/react';
import { useMemo } from 'react';
import { apiOrigin } from '../config';

/**
 * The app's `fetch` for API calls: it adds the session's access token (refreshed first when due, and once more
 * after a 401 `invalid_token`) to requests for the app's own API origin, and to no other address.
 */
export function useAuthFetch(): AuthFetch {
  const auth = useFiefAuth();
  return useMemo(() => createAuthFetch(auth, { origins: [apiOrigin] }), [auth]);
}
