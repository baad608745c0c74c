import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
// Not a dependency of the root package: imported from its build, as scripts/dev.mjs does (`pnpm build` first).
import { type DevServer, startDevServer } from '../packages/dev-server/dist/index.js';
import { publishEnvironment } from './support/env';
import { serveExampleApp } from './support/exampleApp';
import { freePort } from './support/freePort';

const clientId = 'fief-spa-example';
/** Access-token lifetime of the "short" identity server: several silent refreshes fit in one test. */
const shortAccessTokenTTL = 6;

/**
 * Starts, on free 127.0.0.1 ports: a dev identity server and the example app built for it; a second pair whose
 * access tokens expire after a few seconds; and a tiny control endpoint through which tests add their own users
 * and read email verification codes.
 * Returns the teardown, which stops all of them.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const stops: Array<() => Promise<void>> = [];
  const teardown = async () => {
    for (const stop of stops.reverse()) await stop().catch((error) => console.error(error));
  };

  try {
    const appPort = await freePort();
    const shortAppPort = await freePort();
    const appURL = `http://127.0.0.1:${appPort}`;
    const shortAppURL = `http://127.0.0.1:${shortAppPort}`;
    const clientFor = (url: string) => ({ clientId, redirectURIs: [`${url}/callback`, `${url}/`] });
    const logger = (line: string) => {
      if (process.env.E2E_VERBOSE) console.info(line);
    };

    const fief = await startDevServer({
      clients: [clientFor(appURL)],
      users: [],
      logger,
    });
    stops.push(() => fief.close());
    const shortFief = await startDevServer({
      clients: [clientFor(shortAppURL)],
      users: [],
      accessTokenTTL: shortAccessTokenTTL,
      logger,
    });
    stops.push(() => shortFief.close());

    const control = createControlServer({ main: fief, short: shortFief });
    await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
    stops.push(() => closeServer(control));

    // One build at a time: two cores, and Vite reads the identity server's URL from the environment.
    const app = await serveExampleApp({
      name: 'main',
      port: appPort,
      fiefBaseURL: fief.url,
      fiefClientId: clientId,
    });
    stops.push(() => app.close());
    const shortApp = await serveExampleApp({
      name: 'short',
      port: shortAppPort,
      fiefBaseURL: shortFief.url,
      fiefClientId: clientId,
    });
    stops.push(() => shortApp.close());

    publishEnvironment({
      appURL,
      fiefURL: fief.url,
      shortAppURL,
      shortFiefURL: shortFief.url,
      shortAccessTokenTTL,
      controlURL: `http://127.0.0.1:${(control.address() as AddressInfo).port}`,
    });
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

/**
 * The tests' window on the identity servers, which live in this process: `POST /users/:server` adds a user (JSON
 * body), `GET /email-verification-code/:server?email=` reads the code "mailed" to an address.
 */
function createControlServer(servers: Record<'main' | 'short', DevServer>): Server {
  return createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const [, action, name] = url.pathname.split('/');
    const server = name === 'main' || name === 'short' ? servers[name] : undefined;
    const reply = (status: number, body?: unknown) =>
      response
        .writeHead(status, { 'content-type': 'application/json' })
        .end(body === undefined ? undefined : JSON.stringify(body));
    if (!server) return reply(404);

    if (request.method === 'GET' && action === 'email-verification-code') {
      return reply(200, {
        code: server.getEmailVerificationCode(url.searchParams.get('email') ?? '') ?? null,
      });
    }
    if (request.method === 'POST' && action === 'users') {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => {
        body += chunk;
      });
      request.on('end', () => {
        try {
          server.users.add(JSON.parse(body));
          reply(201);
        } catch (error) {
          reply(error instanceof Error && error.name === 'DuplicateEmailError' ? 409 : 400, {
            error: (error as Error).message,
          });
        }
      });
      return;
    }
    reply(404);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
