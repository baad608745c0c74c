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
  WithFiefAuth.displayName = `withFiefAuth(${componentName(Component)})`;
  return WithFiefAuth;
}

/**
 * The name React's tools give `Component`. `memo()` and `forwardRef()` return objects with no `name`: theirs is the
 * wrapped function's (it was `withFiefAuth(undefined)`).
 */
function componentName(Component: {
  displayName?: string;
  name?: string;
  type?: object;
  render?: object;
}): string {
  const inner = Component.type ?? Component.render;
  return Component.displayName || Component.name || (inner && componentName(inner)) || 'Component';
}
