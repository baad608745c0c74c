import { rm, writeFile } from 'node:fs/promises';
import { DEMO_USER, type DevServer, startDevServer } from '@fief-spa/dev-server';
import { type Browser, chromium, type Page } from '@playwright/test';
import { build, type Metafile } from 'esbuild';
import { RUNTIME_LIBRARIES } from './libraries.ts';
import { type LatencyProxy, startLatencyProxy } from './servers/latencyProxy.ts';
import { type StaticServer, startStaticServer } from './servers/staticServer.ts';

/** Milliseconds the proxy adds to every request to an identity server in the latency runs. */
export const INJECTED_RTT_MS = 100;
/** Access-token lifetime of the `short` identity server, and the refresh margin every library gets there. */
export const SHORT_TTL_SECONDS = 5;
export const REFRESH_MARGIN_SECONDS = 1;
const CLIENT_ID = 'bench';

/** Everything the browser measurements run against; `close()` stops all of it. */
export interface Environment {
  browser: Browser;
  proxy: LatencyProxy;
  pages: StaticServer;
  /** `main`: access tokens live an hour. `short`: they live `SHORT_TTL_SECONDS`. */
  identity: { main: DevServer; short: DevServer };
  close(): Promise<void>;
}

const benchRoot = new URL('..', import.meta.url).pathname;
const pagesDir = `${benchRoot}dist/pages`;

/**
 * Bundles `src/pages/<lib>.tsx` (React included, production) into `dist/pages/<lib>/main.js`, and lists the chunks
 * `main.js` imports statically in `dist/pages/<lib>/preload.json`: the page preloads them, as Vite's build does for
 * every app (`<link rel="modulepreload">`), so that no library's chunks load one after another.
 */
async function buildPages(): Promise<void> {
  await rm(pagesDir, { recursive: true, force: true });
  await Promise.all(
    RUNTIME_LIBRARIES.map(async (lib) => {
      const { metafile } = await build({
        absWorkingDir: benchRoot,
        entryPoints: { main: `src/pages/${lib}.tsx` },
        outdir: `dist/pages/${lib}`,
        bundle: true,
        splitting: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        minify: true,
        jsx: 'automatic',
        define: { 'process.env.NODE_ENV': '"production"' },
        logLevel: 'warning',
        metafile: true,
      });
      await writeFile(
        `${pagesDir}/${lib}/preload.json`,
        JSON.stringify(staticChunks(metafile, `dist/pages/${lib}/`)),
      );
    }),
  );
}

/** The chunks the entry (`main.js`) imports statically, directly or not, as file names in `outdir`. */
function staticChunks(metafile: Metafile, outdir: string): string[] {
  const chunks = new Set<string>();
  const visit = (path: string): void => {
    for (const imported of metafile.outputs[path]?.imports ?? []) {
      if (imported.kind !== 'import-statement' || imported.external || chunks.has(imported.path)) continue;
      chunks.add(imported.path);
      visit(imported.path);
    }
  };
  visit(`${outdir}main.js`);
  return [...chunks].map((path) => path.slice(outdir.length));
}

export async function startEnvironment(): Promise<Environment> {
  await buildPages();
  const started: { close(): Promise<void> }[] = [];
  try {
    const pages = await startStaticServer(pagesDir);
    started.push(pages);
    const redirectURIs = RUNTIME_LIBRARIES.flatMap((lib) =>
      ['main', 'short'].map((name) => `${pages.url}/${lib}/${name}/callback`),
    );
    const clients = [{ clientId: CLIENT_ID, redirectURIs }];
    const logger = () => {};
    const main = await startDevServer({ clients, logger });
    started.push(main);
    const short = await startDevServer({ clients, logger, accessTokenTTL: SHORT_TTL_SECONDS });
    started.push(short);
    pages.setIdentityServers({
      main: { url: main.url, clientId: CLIENT_ID, refreshMarginSeconds: REFRESH_MARGIN_SECONDS },
      short: { url: short.url, clientId: CLIENT_ID, refreshMarginSeconds: REFRESH_MARGIN_SECONDS },
    });
    const proxy = await startLatencyProxy(
      new Set([main.url, short.url].map((url) => Number(new URL(url).port))),
    );
    started.push(proxy);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        // Every request, loopback included, goes through the latency proxy.
        `--proxy-server=${proxy.url}`,
        '--proxy-bypass-list=<-loopback>',
      ],
    });
    started.push(browser);
    return {
      browser,
      proxy,
      pages,
      identity: { main, short },
      close: () => closeAll(started),
    };
  } catch (error) {
    await closeAll(started);
    throw error;
  }
}

async function closeAll(started: { close(): Promise<void> }[]): Promise<void> {
  for (const item of started.reverse()) await item.close().catch(() => {});
}

/** The home page of `lib` configured for one identity server. */
export function homeURL(env: Environment, lib: string, server: 'main' | 'short'): string {
  return `${env.pages.url}/${lib}/${server}/`;
}

/** Clicks "Sign in" on the page's home and fills the identity server's login form. */
export async function startSignIn(page: Page, home: string): Promise<void> {
  await page.goto(home);
  await page.getByRole('button', { name: 'Sign in' }).click({ timeout: 10_000 });
  await page.getByLabel('Email').fill(DEMO_USER.email, { timeout: 10_000 });
  await page.getByLabel('Password').fill(DEMO_USER.password);
  await page.getByRole('button', { name: /sign in|log in/i }).click();
}

export async function waitSignedIn(page: Page, timeout = 15_000): Promise<boolean> {
  try {
    await page.getByTestId('signed-in-as').waitFor({ timeout });
    return true;
  } catch {
    return false;
  }
}

/** Milliseconds from the document's navigation start to its first authenticated render, and that moment as epoch ms. */
export async function authenticatedMark(page: Page): Promise<{ sinceNavigation: number; at: number }> {
  await page.waitForFunction(() => performance.getEntriesByName('bench:authenticated').length > 0, null, {
    timeout: 15_000,
  });
  return page.evaluate(() => {
    const mark = performance.getEntriesByName('bench:authenticated')[0]!;
    return { sinceNavigation: mark.startTime, at: performance.timeOrigin + mark.startTime };
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
