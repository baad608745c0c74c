import { fileURLToPath } from 'node:url';
import { build, createServer, preview } from 'vite';

const appRoot = fileURLToPath(new URL('../../examples/vite-react/', import.meta.url));

/** A running copy of the example app; `close()` stops it. */
export interface ExampleApp {
  close(): Promise<void>;
}

/**
 * Serves the example app, configured for one identity server, on 127.0.0.1:`port`.
 *
 * By default a production build served by `vite preview`: what users ship, and no dependency pre-bundling that
 * could reload a page mid-test. `E2E_VITE=dev` serves it with the Vite dev server instead (React StrictMode's
 * double effects included).
 */
export async function serveExampleApp(options: {
  name: string;
  port: number;
  fiefBaseURL: string;
  fiefClientId: string;
}): Promise<ExampleApp> {
  const scratch = fileURLToPath(
    new URL(`../../node_modules/.cache/fief-e2e/${options.name}/`, import.meta.url),
  );
  const server = { host: '127.0.0.1', port: options.port, strictPort: true, open: false };
  // Vite reads VITE_* variables from the environment when it resolves its config.
  const saved = {
    url: process.env.VITE_FIEF_BASE_URL,
    id: process.env.VITE_FIEF_CLIENT_ID,
    dev: process.env.VITE_FIEF_DEV_SERVER,
  };
  process.env.VITE_FIEF_BASE_URL = options.fiefBaseURL;
  process.env.VITE_FIEF_CLIENT_ID = options.fiefClientId;
  // The identity server of the e2e suite is the local dev server, as under `npm start`.
  process.env.VITE_FIEF_DEV_SERVER = 'true';
  try {
    if (process.env.E2E_VITE === 'dev') {
      const dev = await createServer({
        root: appRoot,
        logLevel: 'warn',
        cacheDir: `${scratch}vite-cache`,
        server: { ...server, hmr: false },
      });
      await dev.listen();
      return { close: () => dev.close() };
    }
    const outDir = `${scratch}dist`;
    await build({ root: appRoot, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    const served = await preview({ root: appRoot, logLevel: 'warn', build: { outDir }, preview: server });
    return { close: () => served.close() };
  } finally {
    restore('VITE_FIEF_BASE_URL', saved.url);
    restore('VITE_FIEF_CLIENT_ID', saved.id);
    restore('VITE_FIEF_DEV_SERVER', saved.dev);
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
