import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** What a page needs to know, written into its HTML as `window.BENCH`. */
export interface PageConfig {
  lib: string;
  server: string;
  fiefURL: string;
  clientId: string;
  redirectURI: string;
  /** The page's home path, where a login returns. */
  home: string;
  /** Refresh this many seconds before the access token expires (libraries that take the setting). */
  refreshMarginSeconds: number;
}

export interface StaticServer {
  readonly url: string;
  /** Sets the identity servers pages are configured with, by name (`/<lib>/<name>/...`). */
  setIdentityServers(
    servers: Record<string, { url: string; clientId: string; refreshMarginSeconds: number }>,
  ): void;
  close(): Promise<void>;
}

const compressed = new Map<string, Promise<Buffer>>();

/**
 * A script gzip-compressed once, as a production server (or CDN) sends it: every library's transfer then weighs
 * what it would in production rather than its minified size.
 */
function compressedAsset(path: string): Promise<Buffer> {
  let body = compressed.get(path);
  if (body === undefined) {
    body = readFile(path).then((raw) => gzipAsync(raw, { level: 9 }));
    body.catch(() => compressed.delete(path));
    compressed.set(path, body);
  }
  return body;
}

/** The chunks a page preloads (`preload.json`, written by the page build), none when there is no list. */
async function preloadedChunks(pagesDir: string, lib: string): Promise<string[]> {
  try {
    const list: unknown = JSON.parse(await readFile(join(pagesDir, lib, 'preload.json'), 'utf8'));
    return Array.isArray(list)
      ? list.filter((chunk): chunk is string => /^[\w.-]+\.js$/.test(String(chunk)))
      : [];
  } catch {
    return [];
  }
}

/**
 * Serves the bench pages: `/assets/<lib>/<file>` from `pagesDir/<lib>/`, and every other path
 * `/<lib>/<server>/...` as that library's single-page HTML, configured for the identity server `<server>`.
 */
export async function startStaticServer(pagesDir: string): Promise<StaticServer> {
  let identityServers: Record<string, { url: string; clientId: string; refreshMarginSeconds: number }> = {};
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers = { 'cache-control': 'no-cache' };
    if (pathname.startsWith('/assets/')) {
      const file = normalize(pathname.slice('/assets/'.length));
      if (file.startsWith('..')) return void res.writeHead(400).end();
      try {
        const body = await compressedAsset(join(pagesDir, file));
        res
          .writeHead(200, { ...headers, 'content-type': 'text/javascript', 'content-encoding': 'gzip' })
          .end(body);
      } catch {
        res.writeHead(404).end();
      }
      return;
    }
    const [, lib, name] = pathname.split('/');
    const identity = name ? identityServers[name] : undefined;
    if (!lib || !name || !identity) return void res.writeHead(404).end();
    const origin = `http://${req.headers.host}`;
    const config: PageConfig = {
      lib,
      server: name,
      fiefURL: identity.url,
      clientId: identity.clientId,
      redirectURI: `${origin}/${lib}/${name}/callback`,
      home: `/${lib}/${name}/`,
      refreshMarginSeconds: identity.refreshMarginSeconds,
    };
    const preloads = (await preloadedChunks(pagesDir, lib))
      .map((chunk) => `<link rel="modulepreload" href="/assets/${lib}/${chunk}">`)
      .join('');
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>${lib}</title>
<script>window.BENCH=${JSON.stringify(config)}</script>
<script type="module" src="/assets/${lib}/main.js"></script>${preloads}</head><body><div id="root"></div></body></html>`;
    res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setIdentityServers: (servers) => {
      identityServers = servers;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
