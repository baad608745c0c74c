#!/usr/bin/env node
// `pnpm dev`: the local Fief-like identity server and the example app, side by side, until Ctrl-C.
// Ports: FIEF_DEV_PORT (8000) for the identity server, APP_PORT (5173) for the app; the demo client registers
// the app's callback on 5173, so change APP_PORT only together with --redirect-uri (see packages/dev-server).
import { createServer } from 'vite';
import { startDevServer } from '../packages/dev-server/dist/index.js';

const fiefPort = Number(process.env.FIEF_DEV_PORT ?? 8000);
const appPort = Number(process.env.APP_PORT ?? 5173);
const appURL = `http://127.0.0.1:${appPort}`;

const fief = await startDevServer({
  port: fiefPort,
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
});

process.env.VITE_FIEF_BASE_URL ??= fief.url;
process.env.VITE_FIEF_CLIENT_ID ??= 'fief-spa-example';
const app = await createServer({
  root: new URL('../examples/vite-react/', import.meta.url).pathname,
  server: { host: '127.0.0.1', port: appPort, strictPort: true },
});
await app.listen();

console.info(`\n  Example app:     ${appURL}/`);
console.info(`  Identity server: ${fief.url}`);
console.info('  Sign in with the demo user printed above. Ctrl-C stops both.\n');

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([app.close(), fief.close()]);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
