/** The libraries compared, in table order: fief-spa first, then the peers. */
export interface Library {
  /** Short id: file names of the bench apps and pages. */
  id: LibraryId;
  /** Column header. */
  label: string;
}

export type LibraryId = 'fief-spa' | 'fief-fief' | 'oidc-client-ts' | 'auth0-react';

export const LIBRARIES: readonly Library[] = [
  { id: 'fief-spa', label: 'fief-spa' },
  { id: 'fief-fief', label: '@fief/fief 0.14' },
  { id: 'oidc-client-ts', label: 'oidc-client-ts + react-oidc-context' },
  { id: 'auth0-react', label: '@auth0/auth0-react' },
];

/** Peers that can sign in against the dev server (Auth0's SDK only talks to Auth0's endpoints). */
export const RUNTIME_LIBRARIES: readonly LibraryId[] = ['fief-spa', 'fief-fief', 'oidc-client-ts'];
