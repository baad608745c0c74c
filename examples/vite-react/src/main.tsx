import { Fief, FiefAuth } from '@fief-spa/core';
import { FiefAuthProvider, requireAuthLoader } from '@fief-spa/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { PageLoading } from './components/PageState';
import { callbackURI, fiefBaseURL, fiefClientId } from './config';
import { CallbackRoute } from './routes/callback';
import { HomeRoute } from './routes/home';
import { NotFoundRoute } from './routes/notFound';
import { ProfileRoute } from './routes/profile';
import { ProfileApiRoute } from './routes/profileApi';
import { ProfileOverviewRoute } from './routes/profileOverview';
import { ProfileSecurityRoute } from './routes/profileSecurity';
import { RootLayout, type RouteHandle } from './routes/root';
import { RouteError } from './routes/routeError';
import { SignInUnavailable } from './routes/signInUnavailable';
import './styles.css';

/** Made here, not by the provider: the routes' loader guard reads it before anything renders. */
const auth = new FiefAuth(new Fief({ baseURL: fiefBaseURL, clientId: fiefClientId }));

const router = createBrowserRouter([
  {
    element: <RootLayout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomeRoute /> },
      { path: 'callback', element: <CallbackRoute /> },
      {
        path: 'profile',
        // Signed-out visitors leave for the login page before the route renders (no flash of the page).
        loader: requireAuthLoader(auth, { redirectURI: callbackURI }),
        // On the page's first load, shown while the guard settles (else a blank page, and a warning in development).
        hydrateFallbackElement: <PageLoading label="Opening your profile…" />,
        errorElement: <SignInUnavailable />,
        element: <ProfileRoute />,
        // Its "signed out" card says why the session ended.
        handle: { explainsSessionEnd: true } satisfies RouteHandle,
        children: [
          { index: true, element: <ProfileOverviewRoute /> },
          { path: 'security', element: <ProfileSecurityRoute /> },
          { path: 'api', element: <ProfileApiRoute /> },
        ],
      },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <FiefAuthProvider auth={auth} redirectURI={callbackURI}>
      <RouterProvider router={router} />
    </FiefAuthProvider>
  </StrictMode>,
);
