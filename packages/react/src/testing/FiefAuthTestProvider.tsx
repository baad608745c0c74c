import type { FiefAuth } from '@fief-spa/core';
import { createTestFiefAuth, type TestFiefAuthInit } from '@fief-spa/core/testing';
import { type ReactNode, useState } from 'react';
import { FiefAuthProvider } from '../FiefAuthProvider.js';

/**
 * Props of {@link FiefAuthTestProvider}: the state to render (`userinfo` alone means signed in), or your own
 * `createTestFiefAuth()` as `auth` to drive it from the test.
 *
 * @example
 * ```tsx
 * const props: FiefAuthTestProviderProps = { status: 'loading' };
 * ```
 */
export interface FiefAuthTestProviderProps extends TestFiefAuthInit {
  /**
   * An engine to use instead (usually `createTestFiefAuth()`); the state props are then ignored. Another one given
   * on a re-render replaces it, as on `FiefAuthProvider`.
   */
  auth?: FiefAuth;
  /** As on `FiefAuthProvider`. */
  redirectURI?: string;
  /** As on `FiefAuthProvider`. */
  lang?: string;
  children?: ReactNode;
}

/**
 * A `FiefAuthProvider` for tests: every hook and `<RequireAuth>` below it behaves as under the real provider in
 * the given state, with no network, no storage and no timers. The state props are read when it mounts; to change
 * the state afterwards, pass a `createTestFiefAuth()` as `auth` and call its `signIn`/`signOut`.
 *
 * @example
 * ```tsx
 * import { FiefAuthTestProvider } from '@fief-spa/react/testing';
 * import { render } from '@testing-library/react';
 *
 * render(
 *   <FiefAuthTestProvider userinfo={{ sub: 'u1', email: 'anne@example.com', tenant_id: 't1', fields: {} }}>
 *     <Greeting />
 *   </FiefAuthTestProvider>,
 * );
 * ```
 */
export function FiefAuthTestProvider({
  auth,
  redirectURI,
  lang,
  children,
  ...initial
}: FiefAuthTestProviderProps): ReactNode {
  // Made even when `auth` is given: a re-render without it then still has an engine. `auth` is read on every render,
  // as `FiefAuthProvider` reads it, so a test that swaps engines sees the new one.
  const [own] = useState(() => createTestFiefAuth(initial));
  return (
    <FiefAuthProvider auth={auth ?? own} redirectURI={redirectURI} lang={lang}>
      {children}
    </FiefAuthProvider>
  );
}
