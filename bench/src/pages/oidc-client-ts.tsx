import { UserManager } from 'oidc-client-ts';
import { createRoot } from 'react-dom/client';
import { AuthProvider, useAuth } from 'react-oidc-context';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Authenticated, config, SignInButton } from './common.tsx';

// Defaults (user in sessionStorage, automatic silent renew, which uses the refresh token when there is one),
// with the renewal margin every library gets here.
const userManager = new UserManager({
  authority: config.fiefURL,
  client_id: config.clientId,
  redirect_uri: config.redirectURI,
  scope: 'openid offline_access',
  accessTokenExpiringNotificationTimeInSeconds: config.refreshMarginSeconds,
});

window.bench = {
  status: async () => {
    const user = await userManager.getUser();
    return user && !user.expired ? 'authenticated' : 'anonymous';
  },
};

function AuthFlag() {
  const { isAuthenticated } = useAuth();
  window.renders.flag++;
  return <span data-testid="flag">{String(isAuthenticated)}</span>;
}

function UserName() {
  const { user } = useAuth();
  window.renders.name++;
  return <span data-testid="name">{String(user?.profile.fields ?? '')}</span>;
}

function Session() {
  const auth = useAuth();
  if (auth.isAuthenticated) return <Authenticated email={auth.user?.profile.email ?? ''} />;
  if (auth.isLoading) return null;
  return <SignInButton onClick={() => auth.signinRedirect()} />;
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
  <AuthProvider
    userManager={userManager}
    onSigninCallback={() => window.history.replaceState(null, '', config.home)}
  >
    <BrowserRouter>
      <Routes>
        <Route path="*" element={<Home />} />
      </Routes>
    </BrowserRouter>
  </AuthProvider>,
);
