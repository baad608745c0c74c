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
    const logger = (line: string) => {
      if (process.env.E2E_VERBOSE) console.info(line);
    };
    // One pair at a time: two cores, and Vite reads the identity server's URL from the environment.
    const main = await startPair({ name: 'main', logger });
    stops.push(main.close);
    const short = await startPair({ name: 'short', logger, accessTokenTTL: shortAccessTokenTTL });
    stops.push(short.close);
    const { fief, appURL } = main;
    const { fief: shortFief, appURL: shortAppURL } = short;

    const control = createControlServer({ main: fief, short: shortFief });
    await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
    stops.push(() => closeServer(control));

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
 * A dev identity server whose client registers the app's address, and the example app built for that server.
 * The app's port must be known before the server starts (exact redirect-URI match) and is bound only after the
 * build: when another process takes it in between, the pair starts again on new ports.
 */
async function startPair(options: {
  name: string;
  logger: (line: string) => void;
  accessTokenTTL?: number;
}): Promise<{ fief: DevServer; appURL: string; close: () => Promise<void> }> {
  for (let attempt = 1; ; attempt++) {
    const appURL = `http://127.0.0.1:${await freePort()}`;
    const fief = await startDevServer({
      clients: [{ clientId, redirectURIs: [`${appURL}/callback`, `${appURL}/`] }],
      users: [],
      logger: options.logger,
      ...(options.accessTokenTTL ? { accessTokenTTL: options.accessTokenTTL } : {}),
    });
    try {
      const app = await serveExampleApp({
        name: options.name,
        port: Number(new URL(appURL).port),
        fiefBaseURL: fief.url,
        fiefClientId: clientId,
      });
      const close = async () => {
        await app.close();
        await fief.close();
      };
      return { fief, appURL, close };
    } catch (error) {
      await fief.close();
      const portTaken = error instanceof Error && /already in use|EADDRINUSE/.test(error.message);
      if (!portTaken || attempt === 3) throw error;
    }
  }
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
