import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Middleware } from 'oidc-provider';
import { DEMO_USER, type DevUser, type UserStore, UserStore as Users } from './accounts.js';
import { apiRoutes } from './api.js';
import { FiefAPIError, sendAPIError } from './apiError.js';
import {
  allowedOrigins,
  DEMO_CLIENT,
  type DevClient,
  type ResolvedClient,
  resolveClient,
} from './clients.js';
import { corsMiddleware } from './cors.js';
import { EmailVerifications } from './emailVerification.js';
import { interactionRoutes } from './interactions.js';
import { generateSigningKeys } from './keys.js';
import { logoutRoute } from './logout.js';
import { withoutIssParameter } from './noIssParameter.js';
import { OAuthError, sendOAuthError } from './oauthError.js';
import { createProvider, resourceIndicator } from './provider.js';
import { fiefTokenAnswer } from './tokenAnswer.js';

export interface DevServerOptions {
  /** 0 or absent: a free port. */
  port?: number;
  /** Default `127.0.0.1`. The base URL (= issuer) uses this host. */
  host?: string;
  /** Default: `[DEMO_USER]`. */
  users?: DevUser[];
  /** Default: `[DEMO_CLIENT]`. */
  clients?: DevClient[];
  /** Seconds; default 3600. */
  accessTokenTTL?: number;
  /** Seconds; default 3600. */
  idTokenTTL?: number;
  /** Seconds; default 30 days. */
  refreshTokenTTL?: number;
  /** Where the banner and dev messages (email codes) go; default `console.info`. Tests pass `() => {}`. */
  logger?: (line: string) => void;
}

/** One HTTP request the server received. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  origin?: string;
}

export interface DevServer {
  /** The base URL, which is also the issuer: `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  /** Stops listening and closes every connection (keep-alive ones too). */
  close(): Promise<void>;
  /** The user directory: add users, read them back. */
  readonly users: UserStore;
  /** The registered clients, with their defaults filled in. */
  readonly clients: readonly ResolvedClient[];
  /** The pending email-change code sent "by email" to `email` (the new address, or the user's current one). */
  getEmailVerificationCode(email: string): string | undefined;
  /** Every HTTP request received, in order. */
  readonly requests: ReadonlyArray<RecordedRequest>;
  clearRequests(): void;
}

/** Turns anything thrown by our routes into OAuth JSON (Fief's `{ detail }` for the user API); unknown paths get a JSON 404. Never a stack trace. */
function errorMiddleware(logger: (line: string) => void): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (error instanceof OAuthError) return sendOAuthError(ctx, error);
      if (error instanceof FiefAPIError) return sendAPIError(ctx, error);
      const oidcError = error as { error?: unknown; error_description?: unknown; statusCode?: unknown };
      if (typeof oidcError.error === 'string' && typeof oidcError.statusCode === 'number') {
        const description =
          typeof oidcError.error_description === 'string' ? oidcError.error_description : oidcError.error;
        return sendOAuthError(ctx, new OAuthError(oidcError.statusCode, oidcError.error, description));
      }
      logger(`[fief-dev-server] internal error on ${ctx.method} ${ctx.path}: ${(error as Error).message}`);
      return sendOAuthError(ctx, new OAuthError(500, 'server_error', 'the dev server failed to answer'));
    }
    // Browsers ask for the icon of every page they show: a 404 would put an error in the console of each login page.
    if (ctx.status === 404 && ctx.body == null && ctx.method === 'GET' && ctx.path === '/favicon.ico') {
      ctx.status = 204;
    } else if (ctx.status === 404 && ctx.body == null) {
      sendOAuthError(ctx, new OAuthError(404, 'not_found', `no route for ${ctx.method} ${ctx.path}`));
    }
  };
}

function banner(url: string, clients: readonly ResolvedClient[], users: readonly DevUser[]): string[] {
  const lines = [`Fief dev server listening on ${url}`];
  for (const client of clients) {
    const kind =
      client.tokenEndpointAuthMethod === 'none'
        ? 'public client: PKCE, no secret'
        : `confidential client: secret by ${client.tokenEndpointAuthMethod}`;
    lines.push(`  client: ${client.clientId} (${kind})`);
    // The first thing to check when a login ends on invalid_redirect_uri (an app on another port).
    lines.push(`    redirect URIs: ${client.redirectURIs.join(', ')}`);
  }
  for (const user of users) {
    // Only the well-known demo password is ever printed.
    const password = user.password === DEMO_USER.password ? ` / password: ${user.password}` : '';
    lines.push(`  user: ${user.email}${password}`);
  }
  return lines;
}

/**
 * Starts a Fief-shaped OpenID Provider on a loopback port, with everything in memory.
 *
 * @example
 * ```ts
 * const server = await startDevServer({ logger: () => {} });
 * const discovery = await fetch(`${server.url}/.well-known/openid-configuration`).then((r) => r.json());
 * await server.close();
 * ```
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? ((line: string) => console.info(line));
  const seedUsers = options.users ?? [DEMO_USER];
  const clients = (options.clients ?? [DEMO_CLIENT]).map(resolveClient);
  const keys = await generateSigningKeys();

  const requests: RecordedRequest[] = [];
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => {
    const origin = req.headers.origin;
    requests.push({
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0]!,
      ...(origin ? { origin } : {}),
    });
    if (handler) return handler(req, res);
    // Listening already, provider not built yet (the issuer needs the port): a moment's 503.
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
    res.end(
      JSON.stringify({ error: 'temporarily_unavailable', error_description: 'the dev server is starting' }),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;

  const users = new Users(randomUUID());
  for (const user of seedUsers) users.add(user);
  const emailVerifications = new EmailVerifications();
  const origins = allowedOrigins(clients);

  const provider = createProvider({
    issuer: url,
    clients,
    users,
    keys,
    allowedOrigins: origins,
    accessTokenTTL: options.accessTokenTTL ?? 3600,
    idTokenTTL: options.idTokenTTL ?? 3600,
    refreshTokenTTL: options.refreshTokenTTL ?? 30 * 24 * 3600,
    logger,
  });
  // Koa would print unhandled errors to stderr; ours never reach it (errorMiddleware).
  provider.silent = true;
  provider.use(corsMiddleware(origins));
  provider.use(errorMiddleware(logger));
  provider.use(fiefTokenAnswer(provider));
  provider.use(withoutIssParameter(url));
  const appOrigins = [
    ...new Set(clients.flatMap((client) => client.redirectURIs.map((uri) => new URL(uri).origin))),
  ];
  provider.use(interactionRoutes({ provider, users, resource: resourceIndicator(url), logger, appOrigins }));
  provider.use(logoutRoute(provider, clients));
  provider.use(
    apiRoutes({
      users,
      emailVerifications,
      bearer: { issuer: url, publicKey: keys.publicKey, clientIds: new Set(clients.map((c) => c.clientId)) },
      logger,
    }),
  );
  handler = provider.callback();

  for (const line of banner(url, clients, seedUsers)) logger(line);

  let closing: Promise<void> | undefined;
  return {
    url,
    users,
    clients,
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    getEmailVerificationCode: (email) => emailVerifications.codeFor(email, users.findByEmail(email)?.id),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
