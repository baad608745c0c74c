import type { FiefAuthOptions, FiefParameters } from '@fief-spa/core';
import { Fief, FiefAuth } from '@fief-spa/core/engine';
import { createElement, type ReactNode, useEffect, useMemo, useState } from 'react';
import { FiefAuthContext } from './context.js';

interface FiefAuthProviderCommonProps {
  /**
   * The redirect URI registered for the client, used by `<RequireAuth>` and the callback route.
   * Defaults to `/callback` on the page's origin.
   */
  redirectURI?: string;
  /** The login page's language, sent by `<RequireAuth>` (an `lang` in its `loginOptions` wins). */
  lang?: string;
  children?: ReactNode;
}

/**
 * Props of {@link FiefAuthProvider}: the client's settings (`Fief` parameters and `FiefAuth` options), or an engine
 * you made yourself as `auth`; plus `redirectURI` and `lang`.
 *
 * @example
 * ```tsx
 * const props: FiefAuthProviderProps = { baseURL: 'https://example.fief.dev', clientId: 'YOUR_CLIENT_ID', lang: 'fr' };
 * ```
 */
export type FiefAuthProviderProps = FiefAuthProviderCommonProps &
  (
    | (FiefParameters & FiefAuthOptions & { auth?: never })
    | ({ auth: FiefAuth } & { [Key in keyof (FiefParameters & FiefAuthOptions)]?: never })
  );

/**
 * Gives its children one `FiefAuth` engine. With `baseURL` and `clientId` it creates the engine for its lifetime,
 * starts it on mount and disposes it on unmount (StrictMode's double render builds a second one, which reads storage
 * and is dropped unstarted; its double effects restart the kept one); its settings are read once, so give the
 * provider a new `key` to change them. With `auth` it uses your engine (starting it if needed) and never
 * disposes it. Pick one of the two for the provider's lifetime.
 *
 * @example
 * ```tsx
 * import { FiefAuthProvider } from '@fief-spa/react';
 * import { createRoot } from 'react-dom/client';
 *
 * createRoot(document.getElementById('root')!).render(
 *   <FiefAuthProvider baseURL="https://example.fief.dev" clientId="YOUR_CLIENT_ID">
 *     <App />
 *   </FiefAuthProvider>,
 * );
 * ```
 */
export function FiefAuthProvider(props: FiefAuthProviderProps): ReactNode {
  const { children, redirectURI, lang } = props;
  const [created] = useState(() => (props.auth ? null : createEngine(props)));
  const auth = props.auth ?? created!;

  useEffect(() => {
    // StrictMode and Fast Refresh run the cleanup and then this again: the engine restarts after `dispose()`.
    auth.start();
    return created === auth ? () => auth.dispose() : undefined;
  }, [auth, created]);

  // Made once per engine, so `useSyncExternalStore` never resubscribes (`useMemo`, one React import fewer than
  // `useCallback` in the entry).
  const subscribe = useMemo(() => (listener: () => void) => auth.subscribe(listener), [auth]);
  const value = useMemo(() => ({ auth, subscribe, redirectURI, lang }), [auth, subscribe, redirectURI, lang]);
  // `createElement`, not JSX: the entry then imports nothing from `react/jsx-runtime` for the library (bench app).
  return createElement(FiefAuthContext.Provider, { value }, children);
}

function createEngine(props: FiefAuthProviderProps): FiefAuth {
  // Both get every setting: each reads only its own keys (the `Fief` parameters, the `FiefAuth` options).
  const {
    children: _children,
    redirectURI: _redirectURI,
    lang: _lang,
    auth: _auth,
    ...settings
  } = props as FiefAuthProviderCommonProps & FiefParameters & FiefAuthOptions & { auth?: undefined };
  return new FiefAuth(new Fief(settings), settings);
}
