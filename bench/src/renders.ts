import { DEMO_USER } from '@fief-spa/dev-server';
import type { Page } from '@playwright/test';
import { type Environment, homeURL, sleep, startSignIn, waitSignedIn } from './environment.ts';
import type { LibraryId } from './libraries.ts';

export interface RendersResult {
  /** Renders of the component reading "is authenticated" across one token refresh; `undefined`: not measurable. */
  flagAcrossRefresh?: number;
  /** Renders of the component reading the user info across one change of it; `undefined`: not measurable. */
  nameAcrossUserinfoChange?: number;
  /** Renders of the "is authenticated" component across that user-info change (nothing it reads changed). */
  flagAcrossUserinfoChange?: number;
  note?: string;
}

/** Time for React to commit whatever a change scheduled. */
const SETTLE_MS = 500;

const renders = (page: Page) => page.evaluate(() => ({ ...window.renders }));

/** Signs in on the short-lived server and counts renders across the first refresh the library makes. */
async function acrossRefresh(env: Environment, lib: LibraryId): Promise<number> {
  const context = await env.browser.newContext();
  const short = Number(new URL(env.identity.short.url).port);
  try {
    const page = await context.newPage();
    await startSignIn(page, homeURL(env, lib, 'short'));
    if (!(await waitSignedIn(page))) throw new Error(`${lib}: did not sign in`);
    await sleep(SETTLE_MS);
    const isRefresh = () =>
      env.proxy.requests.filter((r) => r.port === short && r.method === 'POST' && r.path === '/api/token');
    const tokenRequestsBefore = isRefresh().length;
    const before = await renders(page);
    for (let waited = 0; isRefresh().length === tokenRequestsBefore && waited < 10_000; waited += 50)
      await sleep(50);
    if (isRefresh().length === tokenRequestsBefore) throw new Error(`${lib}: no refresh within 10 s`);
    await sleep(SETTLE_MS);
    const after = await renders(page);
    return after.flag - before.flag;
  } finally {
    await context.close();
  }
}

/** Signs in, changes the user's fields on the server, asks the library to fetch the user info again. */
async function acrossUserinfoChange(
  env: Environment,
  lib: LibraryId,
): Promise<{ name: number; flag: number }> {
  const context = await env.browser.newContext();
  try {
    const page = await context.newPage();
    await startSignIn(page, homeURL(env, lib, 'main'));
    if (!(await waitSignedIn(page))) throw new Error(`${lib}: did not sign in`);
    // From a page loaded signed in: @fief/fief's provider keeps the session it had at mount in its `FiefAuth`
    // (`useMemo(..., [fief])`), so right after an in-page login its `refreshUserinfo()` throws "not authenticated".
    await page.reload();
    if (!(await waitSignedIn(page))) throw new Error(`${lib}: signed out by a reload`);
    await sleep(SETTLE_MS);
    const before = await renders(page);
    const user = env.identity.main.users.findByEmail(DEMO_USER.email);
    if (!user) throw new Error('the demo user is missing');
    env.identity.main.users.mergeFields(user.id, { first_name: `Anne ${Date.now()}` });
    await page.evaluate(() => window.bench?.refreshUserinfo?.());
    await sleep(SETTLE_MS);
    const after = await renders(page);
    return { name: after.name - before.name, flag: after.flag - before.flag };
  } finally {
    await context.close();
  }
}

export async function measureRenders(env: Environment, lib: LibraryId): Promise<RendersResult> {
  switch (lib) {
    case 'fief-spa': {
      const flagAcrossRefresh = await acrossRefresh(env, lib);
      const change = await acrossUserinfoChange(env, lib);
      return {
        flagAcrossRefresh,
        nameAcrossUserinfoChange: change.name,
        flagAcrossUserinfoChange: change.flag,
      };
    }
    case 'fief-fief': {
      const change = await acrossUserinfoChange(env, lib);
      return {
        nameAcrossUserinfoChange: change.name,
        flagAcrossUserinfoChange: change.flag,
        note: 'its React entry never refreshes a token',
      };
    }
    case 'oidc-client-ts':
      return {
        flagAcrossRefresh: await acrossRefresh(env, lib),
        note: 'no user-info refetch without a token request',
      };
    default:
      return { note: 'cannot run against the dev server' };
  }
}
