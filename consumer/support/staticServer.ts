import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

/** A built app served from disk; `close()` stops it. */
export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/**
 * Serves `root` on a free 127.0.0.1 port, with the single-page-app fallback (unknown paths get `index.html`).
 * It listens before the app is built: the port must be known to register the redirect URI with the identity
 * server, and a port that is already bound cannot be taken by another process in between. Files are read per
 * request, so the build can land afterwards.
 */
export async function serveStatic(root: string): Promise<StaticServer> {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const file = normalize(join(root, decodeURIComponent(path)));
    const inside = file.startsWith(root.endsWith(sep) ? root : root + sep);
    const send = async (target: string) => {
      const body = await readFile(target);
      response.writeHead(200, {
        'content-type': contentTypes[extname(target)] ?? 'application/octet-stream',
      });
      response.end(body);
    };
    try {
      if (inside && extname(file)) await send(file);
      else await send(join(root, 'index.html'));
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
