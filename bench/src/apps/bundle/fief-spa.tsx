// The minimal app every library is measured with: provider, user info, callback route and a sign-in call.
import { FiefAuthCallback, FiefAuthProvider, useFiefAuth, useFiefUserinfo } from '@fief-spa/react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';

const redirectURI = `${window.location.origin}/callback`;

function Home() {
  const auth = useFiefAuth();
  const userinfo = useFiefUserinfo();
  if (userinfo) return <p>{userinfo.email}</p>;
  return (
    <button type="button" onClick={() => auth.redirectToLogin(redirectURI)}>
      Sign in
    </button>
  );
}

createRoot(document.getElementById('root')!).render(
  <FiefAuthProvider baseURL="https://example.fief.dev" clientId="CLIENT_ID" redirectURI={redirectURI}>
    <BrowserRouter>
      <Routes>
        <Route path="/callback" element={<FiefAuthCallback />} />
        <Route path="*" element={<Home />} />
      </Routes>
    </BrowserRouter>
  </FiefAuthProvider>,
);
