import {
  FiefAuthCallback,
  FiefAuthProvider,
  useFiefAuth,
  useFiefIsAuthenticated,
  useFiefUserinfo,
} from '@fief-spa/react';
import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Authenticated, config, SignInButton } from './common.tsx';

function AuthFlag() {
  const authenticated = useFiefIsAuthenticated();
  window.renders.flag++;
  return <span data-testid="flag">{String(authenticated)}</span>;
}

function UserName() {
  const userinfo = useFiefUserinfo();
  window.renders.name++;
  return <span data-testid="name">{String(userinfo?.fields.first_name ?? '')}</span>;
}

function Session() {
  const auth = useFiefAuth();
  const authenticated = useFiefIsAuthenticated();
  useEffect(() => {
    window.bench = {
      status: async () => auth.getSnapshot().status,
      refreshUserinfo: async () => {
        await auth.refreshUserinfo();
      },
    };
  }, [auth]);
  if (authenticated) return <Authenticated email={auth.getUserinfo()?.email ?? ''} />;
  return <SignInButton onClick={() => auth.redirectToLogin(config.redirectURI, { returnTo: config.home })} />;
}

function Home() {
  return (
    <>
      <AuthFlag />
      <UserName />
      <Session />
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <FiefAuthProvider
    baseURL={config.fiefURL}
    clientId={config.clientId}
    redirectURI={config.redirectURI}
    refreshMarginSeconds={config.refreshMarginSeconds}
  >
    <BrowserRouter>
      <Routes>
        <Route path="/:lib/:server/callback" element={<FiefAuthCallback />} />
        <Route path="*" element={<Home />} />
      </Routes>
    </BrowserRouter>
  </FiefAuthProvider>,
);
