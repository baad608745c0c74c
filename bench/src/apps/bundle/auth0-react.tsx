// The minimal app with Auth0's React SDK (which bundles auth0-spa-js).
import { Auth0Provider, useAuth0 } from '@auth0/auth0-react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';

const redirectURI = `${window.location.origin}/callback`;

function Callback() {
  // The provider finishes the login on mount; the route only waits for it.
  return null;
}

function Home() {
  const { user, loginWithRedirect } = useAuth0();
  if (user) return <p>{user.email}</p>;
  return (
    <button type="button" onClick={() => loginWithRedirect()}>
      Sign in
    </button>
  );
}

createRoot(document.getElementById('root')!).render(
  <Auth0Provider
    domain="example.auth0.com"
    clientId="CLIENT_ID"
    authorizationParams={{ redirect_uri: redirectURI, scope: 'openid offline_access' }}
    useRefreshTokens
  >
    <BrowserRouter>
      <Routes>
        <Route path="/callback" element={<Callback />} />
        <Route path="*" element={<Home />} />
      </Routes>
    </BrowserRouter>
  </Auth0Provider>,
);
