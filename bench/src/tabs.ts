import type { Page } from '@playwright/test';
import {
  type Environment,
  homeURL,
  INJECTED_RTT_MS,
  REFRESH_MARGIN_SECONDS,
  SHORT_TTL_SECONDS,
  sleep,
  startSignIn,
  waitSignedIn,
} from './environment.ts';
import type { LibraryId } from './libraries.ts';

export const TABS = 4;
export const CYCLES = 5;

export interface TabsResult {
  /** Refresh requests (`POST /api/token` after the login's) while the session lived through `CYCLES` cycles. */
  tokenRequests: number;
  /** Tabs that ended signed out (no unexpired access token), of `TABS`. */
  signedOut: number;
  /** Refresh requests answered with an error. */
  failedRequests: number;
}

/**
 * One user signs in in a tab and opens `TABS - 1` more from it (`window.open`, as a link opened in a new tab
 * would), against the identity server whose access tokens live `SHORT_TTL_SECONDS` and whose refresh tokens
 * rotate. Each library refreshes `REFRESH_MARGIN_SECONDS` before expiry, so one cycle lasts TTL - margin; the run
 * watches `CYCLES` cycles plus half of one, with the injected latency on every identity-server request, then asks
 * each tab whether it still holds a valid access token.
 */
export async function measureTabs(env: Environment, lib: LibraryId): Promise<TabsResult> {
  const context = await env.browser.newContext();
  const short = Number(new URL(env.identity.short.url).port);
  try {
    const first = await context.newPage();
    const home = homeURL(env, lib, 'short');
    env.proxy.delayMs = INJECTED_RTT_MS;
    env.proxy.clearRequests();
    await startSignIn(first, home);
    if (!(await waitSignedIn(first))) throw new Error(`${lib}: the first tab did not sign in`);
    const login = env.proxy.requests.find(
      (r) => r.port === short && r.method === 'POST' && r.path === '/api/token',
    );
    if (!login?.end) throw new Error(`${lib}: no token request seen for the login`);
    const sessionStart = login.end;

    const tabs: Page[] = [first];
    for (let i = 1; i < TABS; i++) {
      const [tab] = await Promise.all([
        context.waitForEvent('page'),
        first.evaluate((url) => window.open(url, '_blank'), home),
      ]);
      await tab.waitForLoadState('domcontentloaded');
      tabs.push(tab);
    }

    const cycleMs = (SHORT_TTL_SECONDS - REFRESH_MARGIN_SECONDS) * 1000;
    const end = sessionStart + CYCLES * cycleMs + cycleMs / 2;
    await sleep(Math.max(0, end - Date.now()));

    const refreshes = env.proxy.requests.filter(
      (r) =>
        r.port === short &&
        r.method === 'POST' &&
        r.path === '/api/token' &&
        r.start > sessionStart &&
        r.start < end,
    );
    const statuses = await Promise.all(
      tabs.map((tab) => tab.evaluate(() => window.bench?.status() ?? 'no page').catch(() => 'crashed')),
    );
    return {
      tokenRequests: refreshes.length,
      signedOut: statuses.filter((status) => status !== 'authenticated').length,
      failedRequests: refreshes.filter((r) => r.status !== undefined && r.status >= 400).length,
    };
  } finally {
    env.proxy.delayMs = 0;
    await context.close();
  }
}
