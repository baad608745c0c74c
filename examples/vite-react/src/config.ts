import { defaultFiefBaseURL, defaultFiefClientId } from './fiefDefaults';

/**
 * Everything the app needs to know about its Fief tenant. Set `VITE_FIEF_BASE_URL` and `VITE_FIEF_CLIENT_ID`
 * (in `.env.local` or the environment) to use a real Fief; the defaults talk to the local dev server.
 */
export const fiefBaseURL = import.meta.env.VITE_FIEF_BASE_URL || defaultFiefBaseURL;
/**
 * True when the app talks to the local dev server of `npm start` (whose demo user the home page mentions, and whose
 * email codes are printed in that terminal). `npm start` sets both the base URL and `VITE_FIEF_DEV_SERVER`.
 */
export const usesLocalDevServer =
  import.meta.env.VITE_FIEF_DEV_SERVER === 'true' || !import.meta.env.VITE_FIEF_BASE_URL;
export const fiefClientId = import.meta.env.VITE_FIEF_CLIENT_ID || defaultFiefClientId;

/** Where Fief sends the user back after login. Register it in the Fief client's redirect URIs. */
export const callbackURI = new URL('/callback', window.location.origin).href;
/** Where Fief sends the user back after logout. Register it too. */
export const homeURI = new URL('/', window.location.origin).href;

/**
 * The origin of the app's own API (`server/whoamiApi.ts`, served beside the app): the only origin that
 * `createAuthFetch` sends the access token to.
 */
export const apiOrigin = window.location.origin;

/** The custom user fields this app reads and edits: Fief sends them in `userinfo.fields`, keyed by slug. */
export interface UserFields {
  first_name?: string | null;
  last_name?: string | null;
}

/** The fields the profile form edits. With a real Fief, create user fields with these slugs (or change them). */
export const editableFields = [
  { slug: 'first_name', label: 'First name', autoComplete: 'given-name', maxLength: 100 },
  { slug: 'last_name', label: 'Last name', autoComplete: 'family-name', maxLength: 100 },
] as const satisfies ReadonlyArray<{
  slug: keyof UserFields;
  label: string;
  autoComplete: string;
  maxLength: number;
}>;
