/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Base URL of the Fief tenant, e.g. `https://example.fief.dev`. Default: the local dev server. */
  readonly VITE_FIEF_BASE_URL?: string;
  /** ID of a Fief client whose redirect URIs include this app's `/callback` and `/`. */
  readonly VITE_FIEF_CLIENT_ID?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
