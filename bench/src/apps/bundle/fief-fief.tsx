// The minimal app with the original client, @fief/fief 0.14: its browser and React entries.
import { FiefAuthProvider, useFiefAuth, useFiefUserinfo } from '@fief/fief/react';
import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes, useNavigate } from 'react-router';

const redirectURI = `${window.location.origin}/callback`;

function Callback() {
  const auth = useFiefAuth();
  const navigate = useNavigate();
  useEffect(() => {
    auth.authCallback(redirectURI).then(() => navigate('/', { replace: true }));
  }, [auth, navigate]);
  return null;
}

function Home() {
  const auth = useFiefAuth();
  const userinfo = useFiefUserinfo();
  if (userinfo) return <p>{String(userinfo.email)}</p>;
  return (
    <button type="button" onClick={() => auth.redirectToLogin(redirectURI)}>
      Sign in
    </button>
  );
}

createRoot(document.getElementById('root')!).render(
  <FiefAuthProvider baseURL="https://example.fief.dev" clientId="CLIENT_ID">
    <BrowserRouter>
      <Routes>
        <Route path="/callback" element={<Callback />} />
        <Route path="*" element={<Home />} />
      </Routes>
    </BrowserRouter>
  </FiefAuthProvider>,
);
