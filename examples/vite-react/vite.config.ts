import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';
import { exampleApiPlugin } from './server/apiPlugin.ts';

/** The app must run where its redirect URIs are registered: 127.0.0.1, and a fixed port (PORT, default 5173). */
const port = Number(process.env.PORT) || 5173;

export default defineConfig({
  // The app's own API (`/api/whoami`), served beside it in dev and preview.
  plugins: [react(), exampleApiPlugin()],
  // `source` first: the workspace packages are bundled from their `src/`, so the app runs without building them.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  server: { host: '127.0.0.1', port, strictPort: true },
  preview: { host: '127.0.0.1', port, strictPort: true },
});
