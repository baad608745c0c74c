// The minimal app with oidc-client-ts and its React binding react-oidc-context.

import { createRoot } from 'react-dom/client';
import { AuthProvider, useAuth } from 'react-oidc-context';
import { BrowserRouter, Route, Routes } from 'react-router';

const redirectURI = `${window.location.origin}/callback`;

function Callback() {
  // The provider finishes the login on mount; the route only waits for it.
  return null;
}

function Home() {
  const auth = useAuth();
  if (auth.user) return <p>{auth.user.profile.email}</p>;
  return (
    <button type="button" onClick={() => auth.signinRedirect()}>
      Sign in
    </button>
  );
}

createRoot(document.getElementById('root')!).render(
  <AuthProvider
    authority="https://example.fief.dev"
    client_id="CLIENT_ID"
    redirect_uri={redirectURI}
    scope="openid offline_access"
    onSigninCallback={() => window.history.replaceState(null, '', '/')}
  >
    <BrowserRouter>
      <Routes>
        <Route path="/callback" element={<Callback />} />
        <Route path="*" element={<Home />} />
      </Routes>
    </BrowserRouter>
  </AuthProvider>,
);
