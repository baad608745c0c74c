/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Base URL of the Fief tenant, e.g. `https://example.fief.dev`. Default: the local dev server. */
  readonly VITE_FIEF_BASE_URL?: string;
  /** ID of a Fief client whose redirect URIs include this app's `/callback` and `/`. */
  readonly VITE_FIEF_CLIENT_ID?: string;
  /** `'true'` when the base URL is the local dev server of `npm start` (set by `scripts/dev.mjs`). */
  readonly VITE_FIEF_DEV_SERVER?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
