/**
 * A new release of the app is deployed while a signed-in page of the old one stays open: the old chunks are gone
 * from the server (a page offline when it needed them is in the same state: browsers remember a failed `import()`).
 * Fief rotates a refresh token when it is used, so a refresh whose answer the page cannot validate (its validation
 * code would come from a chunk that is gone) would lose the sign-in.
 */
import type { Request, Route } from '@playwright/test';
import {
  expect,
  expectSignedIn,
  expectSignedOut,
  expiresAt,
  nextToken,
  screenshot,
  signInFromHome,
  test,
} from './fixtures';

// Access tokens that expire after a few seconds, so that refreshes come while the test waits.
test.use({ identityServer: 'short' });

/** The app's chunk that validates tokens (the protocol layer's chunk loaded on demand). */
const isValidationChunk = (url: URL) => /\/protocolFlows-[\w-]+\.js$/.test(url.pathname);
/** The app's chunk of the session engine's code loaded on demand (refresh, the link to the other tabs, login). */
const isSessionChunk = (url: URL) => /\/sessionFlows-[\w-]+\.js$/.test(url.pathname);

const gone = (route: Route) => route.fulfill({ status: 404, body: 'Not Found' });

test('a page opened before a deploy keeps refreshing after it: it loaded its validation code ahead', async ({
  page,
  env,
  baseURL,
  createUser,
}) => {
  test.setTimeout((env.shortAccessTokenTTL * 4 + 30) * 1000);
  const user = await createUser('Frances', 'Allen');
  await signInFromHome(page, user);
  // A new page of the old release, signed in from storage: the sign-in's own chunks do not count.
  const validationChunk = page.waitForResponse((response) => isValidationChunk(new URL(response.url())));
  await page.reload();
  // Loaded (a 304 from the HTTP cache counts: the page has it).
  expect((await validationChunk).status()).toBeLessThan(400);
  await expectSignedIn(page, user.email);

  // The deploy: nothing of the old release is on the server any more.
  await page.route((url) => url.origin === baseURL && url.pathname.startsWith('/assets/'), gone);
  let expiry = await expiresAt(page);
  for (let refresh = 0; refresh < 2; refresh++)
    expiry = await nextToken(page, expiry, env.shortAccessTokenTTL);
  await expectSignedIn(page, user.email);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

for (const [name, isChunk] of [
  ['validation code', isValidationChunk],
  ['session code', isSessionChunk],
] as const) {
  test(`a page that cannot load its ${name} never sends its refresh token, and asks for a reload`, async ({
    page,
    env,
    fiefURL,
    createUser,
  }) => {
    test.setTimeout((env.shortAccessTokenTTL * 3 + 30) * 1000);
    const user = await createUser('Sophie', 'Wilson');
    await signInFromHome(page, user);
    // Reloaded right after a refresh, the page before it sends no refresh as it unloads (its answer would be lost
    // with it, and the sign-in: Fief spent the refresh token). On a busy machine the sign-in alone can take half the
    // token's life.
    await nextToken(page, await expiresAt(page), env.shortAccessTokenTTL);
    // Deployed (or offline) before this page loaded that code.
    await page.route(isChunk, gone);
    // What the reloaded page asks for, from its first request (the navigation's commit); none of the page before.
    let reloaded = false;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) reloaded = true;
    });
    const identityRequests: Request[] = [];
    page.on('request', (request) => {
      if (reloaded && new URL(request.url()).origin === fiefURL) identityRequests.push(request);
    });
    await page.reload();
    await expectSignedIn(page, user.email);

    // The access token runs out: the refresh could not start, and the page says what to do.
    await expect(page.getByRole('heading', { name: 'Your session expired' })).toBeVisible({
      timeout: (env.shortAccessTokenTTL + 5) * 1000,
    });
    await expect(page.getByRole('alert')).toContainText('This page needs to be reloaded to go on');
    await screenshot(page, `deploy-${name.replace(' ', '-')}-gone`);
    expect(
      identityRequests.filter((request) => new URL(request.url()).pathname === '/api/token'),
    ).toHaveLength(0);

    // Reloaded, the page gets the code again: the refresh token was never spent, and the session goes on.
    await page.unroute(isChunk);
    await page.reload();
    await expectSignedIn(page, user.email);
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
}

test.describe('with access tokens of the usual life', () => {
  // A reload during a refresh loses that refresh's answer, and with it the sign-in (Fief spent the refresh token):
  // with tokens that last seconds, the reload below could end the sign-in before the sign-out this test is about.
  test.use({ identityServer: 'main' });

  test('a page whose session code cannot load still signs out when another tab signs out', async ({
    context,
    createUser,
  }) => {
    test.slow();
    const user = await createUser('Kathleen', 'Booth');
    const first = await context.newPage();
    await signInFromHome(first, user);
    const second = await context.newPage();
    await second.goto('/');
    await expectSignedIn(second, user.email);
    // Reloaded without its session code: signed in from its own storage, but deaf to the other tabs' messages.
    await second.route(isSessionChunk, gone);
    await second.reload();
    await expectSignedIn(second, user.email);

    await first.getByTestId('session').getByRole('button', { name: 'Sign out' }).click();
    await expectSignedOut(first);
    // The sign-out's mark in localStorage reaches it (its `storage` event listener is in the entry chunk).
    await expectSignedOut(second);
  });
});
