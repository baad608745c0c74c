#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { DEMO_CLIENT } from './clients.js';
import { startDevServer } from './server.js';

const USAGE = `Usage: fief-dev-server [options]

A local, in-memory OpenID Provider shaped like Fief.

Options:
  --port <n>               port to listen on (default 8000; 0 = a free port)
  --host <host>            interface and host of the base URL (default 127.0.0.1)
  --client-id <id>         client id of the demo public client (default ${DEMO_CLIENT.clientId})
  --redirect-uri <uri>     extra redirect URI for the demo client (repeatable)
  --access-token-ttl <s>   access token lifetime in seconds (default 3600)
  -h, --help               show this help`;

function fail(message: string): never {
  console.error(`fief-dev-server: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function integer(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) fail(`${name} must be an integer >= ${min}, got "${value}"`);
  return parsed;
}

function readArgs() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'client-id': { type: 'string' },
        'redirect-uri': { type: 'string', multiple: true },
        'access-token-ttl': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    return fail((error as Error).message);
  }
}

async function main(): Promise<void> {
  const values = readArgs();
  if (values.help) {
    console.info(USAGE);
    return;
  }

  const extraURIs = values['redirect-uri'] ?? [];
  for (const uri of extraURIs) {
    if (!URL.canParse(uri)) fail(`--redirect-uri must be an absolute URL, got "${uri}"`);
  }
  const server = await startDevServer({
    port: integer(values.port, '--port', 8000, 0),
    host: values.host ?? '127.0.0.1',
    accessTokenTTL: integer(values['access-token-ttl'], '--access-token-ttl', 3600, 1),
    clients: [
      {
        ...DEMO_CLIENT,
        clientId: values['client-id'] ?? DEMO_CLIENT.clientId,
        redirectURIs: [...new Set([...DEMO_CLIENT.redirectURIs, ...extraURIs])],
      },
    ],
  });
  console.info('Press Ctrl+C to stop.');

  const stop = (signal: string) => {
    console.info(`\n${signal}: stopping the Fief dev server`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`fief-dev-server: ${(error as Error).message}`);
  process.exit(1);
});
