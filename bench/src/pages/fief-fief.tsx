import { browser, Fief, type FiefTokenResponse, type FiefUserInfo } from '@fief/fief';
import { FiefAuthProvider, useFiefAuth, useFiefIsAuthenticated, useFiefUserinfo } from '@fief/fief/react';
import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes, useNavigate } from 'react-router';
import { Authenticated, config, SignInButton } from './common.tsx';

// With the long-lived identity server: the React entry (provider, hooks), as an app would use it.

function AuthFlag() {
  const authenticated = useFiefIsAuthenticated();
  window.renders.flag++;
  return <span data-testid="flag">{String(authenticated)}</span>;
}

function UserName() {
  const userinfo = useFiefUserinfo();
  window.renders.name++;
  const fields = userinfo?.fields as { first_name?: string } | undefined;
  return <span data-testid="name">{String(fields?.first_name ?? '')}</span>;
}

function Session() {
  const auth = useFiefAuth();
  const authenticated = useFiefIsAuthenticated();
  const userinfo = useFiefUserinfo();
  useEffect(() => {
    window.bench = {
      status: async () => (auth.isAuthenticated() ? 'authenticated' : 'anonymous'),
      refreshUserinfo: async () => {
        await auth.refreshUserinfo();
      },
    };
  }, [auth]);
  if (authenticated) return <Authenticated email={String(userinfo?.email ?? '')} />;
  return <SignInButton onClick={() => auth.redirectToLogin(config.redirectURI)} />;
}

function Callback() {
  const auth = useFiefAuth();
  const navigate = useNavigate();
  useEffect(() => {
    auth.authCallback(config.redirectURI).then(() => navigate(config.home, { replace: true }));
  }, [auth, navigate]);
  return null;
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

function renderReactApp(): void {
  createRoot(document.getElementById('root')!).render(
    <FiefAuthProvider baseURL={config.fiefURL} clientId={config.clientId}>
      <BrowserRouter>
        <Routes>
          <Route path="/:lib/:server/callback" element={<Callback />} />
          <Route path="*" element={<Home />} />
        </Routes>
      </BrowserRouter>
    </FiefAuthProvider>,
  );
}

// With the short-lived identity server: @fief/fief has no token refresh of its own (neither `browser.FiefAuth`
// nor the React entry refreshes), so this is the refresh an app writes with it: each tab refreshes its token a
// margin before expiry with `Fief#authRefreshToken`, and signs out when that fails. Session in sessionStorage,
// under the keys `browser.FiefAuth` uses.

const KEYS = { userinfo: 'fief-userinfo', tokens: 'fief-tokeninfo', verifier: 'fief-codeverifier' };
const EXPIRES_AT = 'fief-tokeninfo-expires-at';

function readJSON<T>(key: string): T | null {
  const value = sessionStorage.getItem(key);
  return value ? (JSON.parse(value) as T) : null;
}

class SessionStorageAuthStorage implements browser.IFiefAuthStorage {
  getUserinfo = () => readJSON<FiefUserInfo>(KEYS.userinfo);
  setUserinfo = (userinfo: FiefUserInfo) => sessionStorage.setItem(KEYS.userinfo, JSON.stringify(userinfo));
  clearUserinfo = () => sessionStorage.removeItem(KEYS.userinfo);
  getTokenInfo = () => readJSON<FiefTokenResponse>(KEYS.tokens);
  setTokenInfo = (tokens: FiefTokenResponse) => {
    sessionStorage.setItem(KEYS.tokens, JSON.stringify(tokens));
    sessionStorage.setItem(EXPIRES_AT, String(Date.now() + tokens.expires_in * 1000));
  };
  clearTokeninfo = () => {
    sessionStorage.removeItem(KEYS.tokens);
    sessionStorage.removeItem(EXPIRES_AT);
  };
  getCodeVerifier = () => sessionStorage.getItem(KEYS.verifier);
  setCodeVerifier = (code: string) => sessionStorage.setItem(KEYS.verifier, code);
  clearCodeVerifier = () => sessionStorage.removeItem(KEYS.verifier);
}

async function runVanillaApp(): Promise<void> {
  const fief = new Fief({ baseURL: config.fiefURL, clientId: config.clientId });
  const storage = new SessionStorageAuthStorage();
  const auth = new browser.FiefAuth(fief, storage);
  const root = document.getElementById('root')!;
  const expiresAt = () => Number(sessionStorage.getItem(EXPIRES_AT) ?? 0);
  const authenticated = () => auth.isAuthenticated() && expiresAt() > Date.now();
  window.bench = { status: async () => (authenticated() ? 'authenticated' : 'anonymous') };

  const render = (): void => {
    root.textContent = '';
    if (authenticated()) {
      const p = document.createElement('p');
      p.dataset.testid = 'signed-in-as';
      p.textContent = String(auth.getUserinfo()?.email ?? '');
      root.append(p);
    } else {
      const button = document.createElement('button');
      button.textContent = 'Sign in';
      button.onclick = () =>
        auth.redirectToLogin(config.redirectURI, { scope: ['openid', 'offline_access'] });
      root.append(button);
    }
  };
  const scheduleRefresh = (): void => {
    const tokens = auth.getTokenInfo();
    if (!tokens?.refresh_token) return;
    const delay = Math.max(0, expiresAt() - config.refreshMarginSeconds * 1000 - Date.now());
    setTimeout(async () => {
      try {
        const [fresh, userinfo] = await fief.authRefreshToken(tokens.refresh_token!);
        storage.setTokenInfo(fresh);
        storage.setUserinfo(userinfo);
        scheduleRefresh();
      } catch {
        storage.clearTokeninfo();
        storage.clearUserinfo();
      }
      render();
    }, delay);
  };

  if (location.pathname.endsWith('/callback')) {
    await auth.authCallback(config.redirectURI);
    history.replaceState(null, '', config.home);
  }
  render();
  scheduleRefresh();
}

if (config.server === 'short') void runVanillaApp();
else renderReactApp();
