/**
 * The Fief tenant the app and its API use when `VITE_FIEF_BASE_URL` / `VITE_FIEF_CLIENT_ID` are not set: the local
 * dev server of `npm start`. Shared by the browser code (`config.ts`) and the API (`server/`), so they agree.
 */
export const defaultFiefBaseURL = 'http://127.0.0.1:8000';
export const defaultFiefClientId = 'fief-spa-example';
