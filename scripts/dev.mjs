#!/usr/bin/env node
// `pnpm dev`: the local Fief-like identity server and the example app, side by side, until Ctrl-C.
// Ports: FIEF_DEV_PORT (8000) for the identity server, APP_PORT (5173) for the app; the demo client below registers
// the app's redirect URIs on APP_PORT, so either can change alone.
import { createServer } from 'vite';
import { startDevServer } from '../packages/dev-server/dist/index.js';

/** `npm start -- --access-token-ttl 30` (or FIEF_ACCESS_TOKEN_TTL=30): short tokens, to watch a refresh happen. */
function accessTokenTTL() {
  const flag = process.argv.indexOf('--access-token-ttl');
  const raw = flag >= 0 ? process.argv[flag + 1] : process.env.FIEF_ACCESS_TOKEN_TTL;
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (!Number.isSafeInteger(seconds) || seconds < 5) {
    console.error(`--access-token-ttl expects a whole number of seconds, at least 5; found ${raw}`);
    process.exit(2);
  }
  return seconds;
}

const fiefPort = Number(process.env.FIEF_DEV_PORT ?? 8000);
const appPort = Number(process.env.APP_PORT ?? 5173);
const appURL = `http://127.0.0.1:${appPort}`;

/**
 * Runs `start`; when its port is taken (8000 and 5173 often are: another dev server), says which variable picks
 * another one and exits, instead of a stack trace after half the banner.
 */
async function listenOrExplain(start, { port, what, variable }) {
  try {
    return await start();
  } catch (error) {
    const inUse = error?.code === 'EADDRINUSE' || /already in use/.test(String(error?.message));
    if (!inUse) throw error;
    console.error(
      `\nPort ${port} is already in use, so the ${what} cannot start. Stop what listens there, or pick another ` +
        `port: ${variable}=${port + 1} npm start`,
    );
    process.exit(1);
  }
}

const ttl = accessTokenTTL();
const fief = await listenOrExplain(
  () =>
    startDevServer({
      port: fiefPort,
      ...(ttl === undefined ? {} : { accessTokenTTL: ttl }),
      clients: [
        {
          clientId: 'fief-spa-example',
          redirectURIs: [
            `${appURL}/callback`,
            `${appURL}/`,
            `http://localhost:${appPort}/callback`,
            `http://localhost:${appPort}/`,
          ],
        },
      ],
    }),
  { port: fiefPort, what: 'identity server', variable: 'FIEF_DEV_PORT' },
);

process.env.VITE_FIEF_BASE_URL ??= fief.url;
process.env.VITE_FIEF_CLIENT_ID ??= 'fief-spa-example';
// The app shows the demo user and where email codes go only when it talks to this server.
process.env.VITE_FIEF_DEV_SERVER = String(process.env.VITE_FIEF_BASE_URL === fief.url);
const app = await createServer({
  root: new URL('../examples/vite-react/', import.meta.url).pathname,
  server: { host: '127.0.0.1', port: appPort, strictPort: true },
});
await listenOrExplain(() => app.listen(), { port: appPort, what: 'example app', variable: 'APP_PORT' });

console.info(`\n  Example app:     ${appURL}/`);
console.info(`  Identity server: ${fief.url}`);
console.info(
  `  Access tokens:   live ${ttl ?? 3600} s${ttl === undefined ? ' (npm start -- --access-token-ttl 30 to watch refreshes)' : ''}`,
);
console.info('  Sign in with the demo user printed above. Ctrl-C stops both.');
// oidc-provider prints a warning for any Node older than 22 when it loads; it runs fine on Node 20.
console.info('  (The oidc-provider "Unsupported runtime" warning above is harmless on Node 20.)\n');

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([app.close(), fief.close()]);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
