import { test as base, expect, type Page, type Request } from '@playwright/test';
import { type E2EEnvironment, readEnvironment } from './support/env';
import { type TestUser, testUser } from './support/users';

export { expect };

interface Fixtures {
  /** Every address the global setup published. */
  env: E2EEnvironment;
  /**
   * Which identity server the app under test talks to: `main`, or `short`, whose access tokens expire after
   * `env.shortAccessTokenTTL` seconds. Choose with `test.use({ identityServer: 'short' })`.
   */
  identityServer: 'main' | 'short';
  /** Origin of that identity server. */
  fiefURL: string;
  /**
   * Adds a user no other test uses to that identity server. `fields` replaces the custom fields it is created with
   * (a very long name, say), while its email is still made from `firstName` and `lastName`.
   */
  createUser: (
    firstName: string,
    lastName: string,
    fields?: Partial<TestUser['fields']>,
  ) => Promise<TestUser>;
  /** The verification code that identity server "mailed" to `email` (waits for it). */
  emailVerificationCode: (email: string) => Promise<string>;
}

/** Tests of the example app; `page.goto('/...')` opens the app built for `identityServer`. */
export const test = base.extend<Fixtures>({
  identityServer: ['main', { option: true }],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a pattern.
  env: async ({}, use) => use(readEnvironment()),
  fiefURL: async ({ env, identityServer }, use) =>
    use(identityServer === 'short' ? env.shortFiefURL : env.fiefURL),
  baseURL: async ({ env, identityServer }, use) =>
    use(identityServer === 'short' ? env.shortAppURL : env.appURL),
  createUser: async ({ env, identityServer }, use) => {
    const add = async (user: TestUser) =>
      fetch(`${env.controlURL}/users/${identityServer}`, { method: 'POST', body: JSON.stringify(user) });
    await use(async (firstName, lastName, fields) => {
      const make = (options: { unique?: boolean } = {}) => {
        const user = testUser(firstName, lastName, options);
        return { ...user, fields: { ...user.fields, ...fields } };
      };
      // A readable address for the screenshots; a unique one when a retry or a repeat already took it.
      let user = make();
      let response = await add(user);
      if (response.status === 409) {
        user = make({ unique: true });
        response = await add(user);
      }
      if (response.status !== 201) throw new Error(`could not add ${user.email}: ${await response.text()}`);
      return user;
    });
  },
  emailVerificationCode: async ({ env, identityServer }, use) => {
    await use(async (email) => {
      const url = `${env.controlURL}/email-verification-code/${identityServer}?email=${encodeURIComponent(email)}`;
      let code: string | null = null;
      await expect
        .poll(async () => {
          code = ((await (await fetch(url)).json()) as { code: string | null }).code;
          return code;
        })
        .not.toBeNull();
      return code!;
    });
  },
});

/** Fills the identity server's login form and submits it. */
export async function submitLogin(page: Page, user: Pick<TestUser, 'email' | 'password'>): Promise<void> {
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: /sign in|log in/i }).click();
}

/** The header says who is signed in. */
export async function expectSignedIn(page: Page, email: string): Promise<void> {
  await expect(page.getByTestId('signed-in-as')).toHaveText(email);
}

/** The header offers to sign in, and nothing names a user. */
export async function expectSignedOut(page: Page): Promise<void> {
  await expect(page.getByTestId('session').getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
}

/** Home page -> "Sign in" -> identity server login -> back on the profile, signed in. */
export async function signInFromHome(page: Page, user: TestUser): Promise<void> {
  await page.goto('/');
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await submitLogin(page, user);
  await expect(page).toHaveURL(/\/profile$/);
  await expectSignedIn(page, user.email);
}

/**
 * Signs `user` in from the home page but keeps the app from loading on the callback page, so that the genuine
 * callback URL it returns is still unspent (Playwright cannot intercept the identity server's redirect). The app's
 * login code loads on demand: its scripts are blocked only once the login page is reached.
 */
export async function unspentCallbackURL(
  page: Page,
  user: TestUser,
  origins: { baseURL: string | undefined; fiefURL: string },
): Promise<URL> {
  await page.goto('/');
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL((url) => url.origin === origins.fiefURL);
  const isApp = (url: URL) => url.origin === origins.baseURL;
  await page.route(isApp, (route) =>
    route.request().resourceType() === 'script' ? route.abort() : route.continue(),
  );
  await submitLogin(page, user);
  await expect(page).toHaveURL((url) => url.pathname === '/callback' && url.searchParams.has('code'));
  await page.unroute(isApp);
  return new URL(page.url());
}

/** Every request the page sends to `origin` from now on. */
export function recordRequests(page: Page, origin: string): Request[] {
  const seen: Request[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).origin === origin) seen.push(request);
  });
  return seen;
}

/**
 * Storage entries (session and local) that hold a session or a token: a `fief-spa:*:session:*` key, a JWT, or a
 * JSON `access_token`/`refresh_token`/`id_token` member. A pending login (verifier, state, nonce) is not one.
 */
export function storedTokens(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const [name, storage] of [
      ['sessionStorage', window.sessionStorage],
      ['localStorage', window.localStorage],
    ] as const) {
      for (let index = 0; index < storage.length; index++) {
        const key = storage.key(index)!;
        const value = storage.getItem(key) ?? '';
        const tokenLike = /eyJ[\w-]+\.eyJ[\w-]+\.|"(access|refresh|id)_token"\s*:\s*"/.test(value);
        if (/:session:/.test(key) || tokenLike) found.push(`${name}:${key}`);
      }
    }
    return found;
  });
}

/** When the access token shown on the page expires (epoch ms). */
export async function expiresAt(page: Page): Promise<number> {
  return Number(await page.getByTestId('token-expiry').getAttribute('data-expires-at'));
}

/** Waits until the page shows an access token that expires later than `after`, and returns its expiry. */
export async function nextToken(page: Page, after: number, ttlSeconds: number): Promise<number> {
  await expect
    .poll(() => expiresAt(page), { timeout: (ttlSeconds + 5) * 1000, intervals: [250] })
    .toBeGreaterThan(after);
  return expiresAt(page);
}

/**
 * Lets `first` refresh `cycles` times while `second` is open, and checks that `second` adopts each new token rather
 * than spending the refresh token again: one token request per cycle, no refresh token sent twice (a rotating
 * server would end the session on the second use). Returns the last expiry.
 */
export async function refreshAcrossTabs(
  [first, second]: [Page, Page],
  fiefURL: string,
  ttlSeconds: number,
  cycles: number,
): Promise<number> {
  const tokenRequests = [first, second].map((page) => recordRequests(page, fiefURL));
  const refreshes = () =>
    tokenRequests.flat().filter((request) => new URL(request.url()).pathname === '/api/token');
  // Count from a token both tabs hold and whose refresh is not yet due: the token signed in with may be refreshed
  // while the recorders start, and that request's answer could already be on the page when the count begins.
  let expiry = await nextToken(first, Math.max(await expiresAt(first), await expiresAt(second)), ttlSeconds);
  await expect.poll(() => expiresAt(second)).toBe(expiry);
  const before = refreshes().length;
  for (let cycle = 0; cycle < cycles; cycle++) {
    expiry = await nextToken(first, expiry, ttlSeconds);
    await expect.poll(() => expiresAt(second)).toBe(expiry);
  }
  expect(refreshes().length - before).toBe(cycles);
  const spent = refreshes().map((request) =>
    new URLSearchParams(request.postData() ?? '').get('refresh_token'),
  );
  expect(spent.every((token) => token !== null)).toBe(true);
  expect(new Set(spent).size).toBe(spent.length);
  return expiry;
}

/** Saves a screenshot of the whole page to `e2e/screenshots/` (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: new URL(`./screenshots/${name}.png`, import.meta.url).pathname,
    fullPage: true,
  });
}
