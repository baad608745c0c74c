import { rm, writeFile } from 'node:fs/promises';
import { DEMO_USER, type DevServer, startDevServer } from '@fief-spa/dev-server';
import { type Browser, chromium, type Page } from '@playwright/test';
import { type RolldownOutput, rolldown } from 'rolldown';
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
 * Builds `src/pages/<lib>.tsx` (React included, production) into `dist/pages/<lib>/main.js` as Vite 8 builds an app
 * (Rolldown: the entry and what it imports statically in one file, lazy chunks beside it), and lists the chunks
 * `main.js` still imports statically in `dist/pages/<lib>/preload.json`: the page preloads them, as Vite's HTML
 * does (`<link rel="modulepreload">`), so that no library's chunks load one after another.
 */
async function buildPages(): Promise<void> {
  await rm(pagesDir, { recursive: true, force: true });
  for (const lib of RUNTIME_LIBRARIES) {
    const bundle = await rolldown({
      input: { main: `src/pages/${lib}.tsx` },
      cwd: benchRoot,
      platform: 'browser',
      transform: { define: { 'process.env.NODE_ENV': '"production"' }, jsx: 'react-jsx' },
      logLevel: 'warn',
    });
    try {
      const { output } = await bundle.write({
        dir: `${pagesDir}/${lib}`,
        format: 'es',
        minify: true,
        entryFileNames: '[name].js',
      });
      await writeFile(`${pagesDir}/${lib}/preload.json`, JSON.stringify(staticChunks(output)));
    } finally {
      await bundle.close();
    }
  }
}

/** The chunks the entry (`main.js`) imports statically, directly or not, as file names. */
function staticChunks(output: RolldownOutput['output']): string[] {
  const imports = new Map(
    output.flatMap((file) => (file.type === 'chunk' ? [[file.fileName, file.imports]] : [])),
  );
  const chunks = new Set<string>();
  const visit = (fileName: string): void => {
    for (const imported of imports.get(fileName) ?? []) {
      if (chunks.has(imported)) continue;
      chunks.add(imported);
      visit(imported);
    }
  };
  visit('main.js');
  return [...chunks];
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
