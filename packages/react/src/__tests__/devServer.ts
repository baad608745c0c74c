import { Fief, FiefAuth, type FiefAuthOptions } from '@fief-spa/core';
import { DEMO_USER, LoginAgent, startDevServer } from '@fief-spa/dev-server';
import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';

/** The redirect URI registered for the test client, on the page's origin. */
export const CALLBACK_URI = 'http://127.0.0.1:5173/callback';

/** The redirect URI of an app served under the router basename `/app`, also registered for the test client. */
export const APP_CALLBACK_URI = 'http://127.0.0.1:5173/app/callback';

export type DevServer = Awaited<ReturnType<typeof startDevServer>>;

/** A dev server with one public client, `spa`, that may come back to {@link CALLBACK_URI}. */
export function startServer(options: { accessTokenTTL?: number } = {}): Promise<DevServer> {
  return startDevServer({
    clients: [{ clientId: 'spa', redirectURIs: [CALLBACK_URI, APP_CALLBACK_URI] }],
    logger: () => {},
    ...options,
  });
}

/** Settings for a `<FiefAuthProvider>` (or an engine) talking to `server`, recording navigations. */
export function clientSettings(server: DevServer) {
  const navigations: string[] = [];
  return {
    navigations,
    props: {
      baseURL: server.url,
      clientId: 'spa',
      storage: 'memory' as const,
      // Each test's engine on its own: no messages from the engines of other tests in this "tab".
      tabSync: { channel: () => null },
      navigate: (url: string) => {
        navigations.push(url);
      },
    },
  };
}

/** A real engine for `server` whose navigations (to login, to logout) are recorded instead of followed. */
export function createEngine(server: DevServer, options: FiefAuthOptions = {}) {
  const { navigations, props } = clientSettings(server);
  const { baseURL, clientId, ...engineOptions } = props;
  const auth = new FiefAuth(new Fief({ baseURL, clientId }), { ...engineOptions, ...options });
  return { auth, navigations };
}

/**
 * How long a wait on the dev server (real network, real timers) may take: vi.waitFor's 1 s default failed on a busy
 * machine, where a first login's discovery, reachability check and session chunk took longer.
 */
export const REAL_WAIT = { timeout: 10_000 } as const;

/** The `nth` navigation the engine asked for (the authorization URL after `redirectToLogin`), once it happened. */
export async function navigation(navigations: string[], nth = 1): Promise<string> {
  await vi.waitFor(() => expect(navigations.length).toBeGreaterThanOrEqual(nth), REAL_WAIT);
  return navigations[nth - 1]!;
}

/** Logs the demo user in at `authorizationURL` as a browser would, and puts the page on the callback URL. */
export async function signInAt(authorizationURL: string): Promise<string> {
  const callbackURL = await new LoginAgent().login(authorizationURL, DEMO_USER);
  window.history.replaceState(null, '', callbackURL);
  return callbackURL;
}

/** How many token requests the page sent since the last `clearRequests()` (CORS preflights aside). */
export function tokenRequests(server: DevServer): number {
  return server.requests.filter((request) => request.method === 'POST' && request.path === '/api/token')
    .length;
}

/** A complete login on a started engine: redirect, credentials at the server, callback. */
export async function logIn(auth: FiefAuth, navigations: string[], returnTo = '/') {
  const nth = navigations.length + 1;
  await auth.redirectToLogin(CALLBACK_URI, { returnTo });
  await signInAt(await navigation(navigations, nth));
  return auth.authCallback(CALLBACK_URI);
}

export { DEMO_USER };

/**
 * For a test file of flows: a dev server for the whole file and, after each test, a blank page (unmounted, URL and
 * storage cleared) with every engine made by `flow.createEngine` stopped.
 */
export function setUpDevServer(options: { accessTokenTTL?: number } = {}) {
  let server: DevServer | undefined;
  const engines: FiefAuth[] = [];
  beforeAll(async () => {
    server = await startServer(options);
  });
  afterAll(() => server?.close());
  afterEach(() => {
    cleanup();
    for (const auth of engines.splice(0)) auth.dispose();
    window.history.replaceState(null, '', '/');
    window.sessionStorage.clear();
    window.localStorage.clear();
  });
  return {
    get server(): DevServer {
      if (!server) throw new Error('the dev server starts in beforeAll');
      return server;
    },
    /** {@link createEngine} on this file's server, stopped after the test. */
    createEngine(engineOptions: FiefAuthOptions = {}) {
      const engine = createEngine(this.server, engineOptions);
      engines.push(engine.auth);
      return engine;
    },
  };
}
