import type { ComponentType, ReactNode } from 'react';
import { RequireAuth, type RequireAuthProps } from './RequireAuth.js';

/**
 * Wraps a component in {@link RequireAuth}: it renders only for a signed-in user, and an anonymous user is sent
 * to login and brought back to the current location.
 *
 * @example
 * ```tsx
 * const Account = withFiefAuth(AccountPage, { fallback: <Spinner /> });
 * ```
 */
export function withFiefAuth<P extends object>(
  Component: ComponentType<P>,
  options?: Omit<RequireAuthProps, 'children'>,
): ComponentType<P> {
  function WithFiefAuth(props: P): ReactNode {
    return (
      <RequireAuth {...options}>
        <Component {...props} />
      </RequireAuth>
    );
  }
  WithFiefAuth.displayName = `withFiefAuth(${Component.displayName ?? Component.name})`;
  return WithFiefAuth;
}
